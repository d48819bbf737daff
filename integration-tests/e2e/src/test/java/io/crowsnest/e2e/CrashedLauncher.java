package io.crowsnest.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.crowsnest.localstack.LocalStack;
import io.crowsnest.localstack.StackPorts;

/**
 * Starts a whole stack in a separate launcher process, waits until it is up, then kills the
 * launcher with SIGKILL: its services and redis-servers are orphaned, still holding their ports,
 * exactly as after a crash. The next start on the same state directory must clean up after it.
 */
final class CrashedLauncher {

    private CrashedLauncher() {
    }

    static void leaveBehind(Path home, Path stateDir, StackPorts ports) throws IOException, InterruptedException {
        Process launcher = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LocalStack.class.getName(), home.toString(),
                "--state-dir=" + stateDir, "--in-memory",
                "--ports=" + ports.httpBase() + "," + ports.grpcBase() + "," + ports.mongo() + "," + ports.redisBase())
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                System.out.println("[crashing launcher] " + line);
                if (line.startsWith("Crowsnest is running")) {
                    break;
                }
            }
        }
        if (!launcher.isAlive()) {
            throw new IOException("the launcher to crash did not start (exit code " + launcher.exitValue() + ")");
        }
        launcher.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        System.out.println("[crashing launcher] killed with SIGKILL; its children are left running");
    }
}
