package io.crowsnest.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ServiceProcessTest {

    /**
     * Quarkus' separate gRPC server that cannot bind its port logs it and leaves the process running,
     * never ready: a whole-suite run waited 300 s for such a service (its port in a Redis server's
     * range). The start now reads the line and fails at once, as a port taken.
     */
    @Test
    void aServiceThatRunsWithoutItsPortIsToldFromItsLog() {
        String line = "2026-12-06 22:25:53.837 ERROR [io.qu.gr.ru.GrpcServerRecorder] (main) Unable to start the gRPC"
                + " server: io.quarkus.runtime.QuarkusBindException: Port already bound: 20654: Address already in use";
        assertEquals(Optional.of(line), ServiceProcess.bindFailure(List.of("starting", line, "health DOWN")));
        assertEquals(Optional.empty(), ServiceProcess.bindFailure(List.of("starting",
                "Started gRPC server on 0.0.0.0:27962 [TLS enabled: false]", "Profile prod activated.")));
    }
}
