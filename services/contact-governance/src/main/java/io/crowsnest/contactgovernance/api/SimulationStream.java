package io.crowsnest.contactgovernance.api;

import io.crowsnest.common.v1.DivisionRef;
import io.crowsnest.common.v1.TimeRange;
import io.crowsnest.contactgovernance.mapping.ContractMapping;
import io.crowsnest.contactgovernance.service.Simulation;
import io.crowsnest.contactgovernance.v1.AffectedPerson;
import io.crowsnest.contactgovernance.v1.ChannelSimulationCount;
import io.crowsnest.contactgovernance.v1.DivisionSimulationCount;
import io.crowsnest.contactgovernance.v1.RuleKind;
import io.crowsnest.contactgovernance.v1.RuleSimulationCount;
import io.crowsnest.contactgovernance.v1.SimulatePolicyResponse;
import io.crowsnest.contactgovernance.v1.SimulationProgress;
import io.crowsnest.contactgovernance.v1.SimulationResult;
import io.crowsnest.platform.grpc.Timestamps;
import io.grpc.stub.ServerCallStreamObserver;

/** SimulatePolicy's response stream: each report of the replay as one message, the result last, then completion. */
final class SimulationStream implements Simulation.Listener {

    private final ServerCallStreamObserver<SimulatePolicyResponse> out;

    SimulationStream(ServerCallStreamObserver<SimulatePolicyResponse> out) {
        this.out = out;
    }

    @Override
    public boolean cancelled() {
        return out.isCancelled();
    }

    @Override
    public void progress(Simulation.Progress p) {
        out.onNext(SimulatePolicyResponse.newBuilder().setProgress(SimulationProgress.newBuilder()
                .setContactsProcessed(p.contactsProcessed()).setContactsTotal(p.contactsTotal())
                .setReplayedThrough(Timestamps.of(p.replayedThrough())).setContactsBlocked(p.contactsBlocked()))
                .build());
    }

    @Override
    public void result(Simulation.Result r) {
        SimulationResult.Builder result = SimulationResult.newBuilder()
                .setSimulatedPolicy(ContractMapping.ref(r.simulatedPolicy()))
                .setTimeRange(TimeRange.newBuilder().setStart(Timestamps.of(r.start())).setEnd(Timestamps.of(r.end())))
                .setContactsEvaluated(r.contactsEvaluated()).setContactsBlocked(r.contactsBlocked())
                .setPersonsEvaluated(r.personsEvaluated()).setPersonsAffected(r.personsAffected())
                .setCompletedAt(Timestamps.of(r.completedAt()));
        r.governingPolicies().forEach(g -> result.addGoverningPolicies(ContractMapping.ref(g)));
        r.byDivision().forEach(d -> result.addByDivision(DivisionSimulationCount.newBuilder()
                .setDivision(DivisionRef.newBuilder().setId(d.divisionId())).setContactsEvaluated(d.contactsEvaluated())
                .setContactsBlocked(d.contactsBlocked())));
        r.byChannel().forEach(c -> result.addByChannel(ChannelSimulationCount.newBuilder()
                .setChannel(ContractMapping.channel(c.channel())).setContactsEvaluated(c.contactsEvaluated())
                .setContactsBlocked(c.contactsBlocked())));
        r.byRule().forEach(x -> result.addByRule(RuleSimulationCount.newBuilder().setRuleId(x.ruleId())
                .setKind(RuleKind.valueOf("RULE_KIND_" + x.kind().name())).setContactsBlocked(x.contactsBlocked())
                .setContactsBlockedOnlyByThisRule(x.contactsBlockedOnlyByThisRule())));
        r.mostAffected().forEach(a -> result.addMostAffected(AffectedPerson.newBuilder().setPersonId(a.personId())
                .setContactsEvaluated(a.contactsEvaluated()).setContactsBlocked(a.contactsBlocked())
                .addAllRuleIds(a.ruleIds())));
        out.onNext(SimulatePolicyResponse.newBuilder().setResult(result).build());
        out.onCompleted();
    }
}
