package io.crowsnest.benchmarks;

import java.io.PrintStream;
import java.util.List;

import io.crowsnest.decisioning.v1.Campaign;
import io.crowsnest.decisioning.v1.CampaignStatus;
import io.crowsnest.decisioning.v1.DecisioningServiceGrpc.DecisioningServiceBlockingStub;
import io.crowsnest.decisioning.v1.GetCampaignRequest;
import io.crowsnest.localstack.LocalStack;

/**
 * Watching the campaigns benchmark's running campaigns through decisioning's GetCampaign: progress
 * printed while they run, the decisioning process killed and started again once a third of the
 * members are processed, the members decided so far.
 */
final class CampaignWatch {

    private CampaignWatch() {
    }

    /** Waits until the campaign is COMPLETED or FAILED, printing its progress every 2 s; returns it. */
    static Campaign await(DecisioningServiceBlockingStub decisioning, String id, PrintStream out)
            throws InterruptedException {
        while (true) {
            Campaign c = decisioning.getCampaign(GetCampaignRequest.newBuilder().setCampaignId(id).build())
                    .getCampaign();
            if (c.getStatus() == CampaignStatus.CAMPAIGN_STATUS_COMPLETED
                    || c.getStatus() == CampaignStatus.CAMPAIGN_STATUS_FAILED) {
                return c;
            }
            out.printf("  %s %s: %d read, %d processed, %d sent, %d blocked %s%n", id, c.getStatus(),
                    c.getProgress().getAudienceSize(), c.getProgress().getProcessedCount(),
                    c.getProgress().getSentCount(), c.getProgress().getBlockedCount(),
                    c.getProgress().getWaitingReason());
            Thread.sleep(2000);
        }
    }

    /**
     * Kills the decisioning process once a third of the {@code members} are processed and starts a new one
     * on the same ports (it takes the partitions over when their leases expire); says when.
     */
    static String restartMidRun(LocalStack stack, DecisioningServiceBlockingStub decisioning,
            List<String> ids, long members, PrintStream out) throws Exception {
        long shown = System.nanoTime();
        while (true) {
            long processed = 0;
            for (String id : ids) {
                processed += decisioning.getCampaign(GetCampaignRequest.newBuilder().setCampaignId(id).build())
                        .getCampaign().getProgress().getProcessedCount();
            }
            if (System.nanoTime() - shown >= 10_000_000_000L) {
                out.printf("  %d of %d members processed (the restart comes at a third)%n", processed, members);
                shown = System.nanoTime();
            }
            if (processed * 3 >= members) {
                ProcessHandle p = ProcessHandle.of(stack.processIds().get("decisioning")).orElseThrow();
                p.destroyForcibly();
                p.onExit().get();
                out.printf("killed decisioning with %d members processed; starting a new one...%n", processed);
                stack.startReplica("decisioning", stack.httpPort("decisioning"), stack.grpcPort("decisioning"));
                return "yes, at " + processed + " processed members (kill -9, new process on the same ports)";
            }
            Thread.sleep(1000); // a progress read is fourteen counts: polled faster, the harness adds to decisioning's load
        }
    }

    /** Members of the campaigns decided so far (processed, neither control group). */
    static long decided(DecisioningServiceBlockingStub decisioning, List<String> ids) {
        long n = 0;
        for (String id : ids) {
            var p = decisioning.getCampaign(GetCampaignRequest.newBuilder().setCampaignId(id).build()).getCampaign()
                    .getProgress();
            n += p.getProcessedCount() - p.getControlCount() - p.getUniversalControlCount();
        }
        return n;
    }
}
