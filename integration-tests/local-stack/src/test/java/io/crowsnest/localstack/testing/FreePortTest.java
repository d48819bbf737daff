package io.crowsnest.localstack.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;

import org.junit.jupiter.api.Test;

class FreePortTest {

    @Test
    void aStartThatLostAPortToSomeoneElseIsTriedAgainOnOtherPorts() {
        assertTrue(FreePort.portTaken(new IOException(
                "port 40001 (identity gRPC) is already in use; stop whatever holds it")));
        assertTrue(FreePort.portTaken(new IOException("profile exited during start-up; last log lines:\n"
                + "Port 40112 seems to be in use by another process. Quarkus may already be running")));
        assertTrue(FreePort.portTaken(new IOException("scoring exited during start-up; last log lines:\n"
                + "Caused by: java.net.BindException: Address already in use")));
        assertTrue(FreePort.portTaken(new IOException("scoring runs but could not bind a port (scoring.log): "
                + "Unable to start the gRPC server: io.quarkus.runtime.QuarkusBindException: Port already bound: "
                + "20654: Address already in use")));
    }

    @Test
    void aStartThatFailedForAnyOtherReasonIsNotRetried() {
        assertFalse(FreePort.portTaken(new IOException("identity exited during start-up; last log lines:\n"
                + "java.lang.IllegalStateException: CROWSNEST_SERVICE_KEY is not set")));
        assertFalse(FreePort.portTaken(new IOException((String) null)));
    }

    @Test
    void aStacksPortsAreDistinctAndFreeSoItNeverFailsOnItsOwnPorts() throws IOException {
        // four ports picked apart overlap in about one draw of a hundred: 500 draws find it
        for (int i = 0; i < 500; i++) {
            java.util.List<Integer> all = FreePort.stackPorts().all();
            assertEquals(all.size(), java.util.Set.copyOf(all).size(), "a port shared by two ranges: " + all);
            for (int port : i < 20 ? all : java.util.List.<Integer>of()) {
                try (java.net.ServerSocket socket = new java.net.ServerSocket(port, 1,
                        java.net.InetAddress.getLoopbackAddress())) {
                    assertTrue(socket.isBound());
                }
            }
        }
    }

    @Test
    void aPickedPortIsFreeAndBelowThePortsTheKernelGivesOutgoingConnections() throws IOException {
        int port = FreePort.pick();
        assertTrue(port < FreePort.ephemeralLow() - 100, port + " is within 100 of the ephemeral range");
        try (java.net.ServerSocket socket = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertTrue(socket.isBound());
        }
    }
}
