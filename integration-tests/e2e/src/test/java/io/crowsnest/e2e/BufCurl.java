package io.crowsnest.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real `buf curl` (npm package @bufbuild/buf) against a service, as the README tells users to. */
final class BufCurl {

    static final String BUF = "@bufbuild/buf@1.75.0";

    private BufCurl() {
    }

    /** `buf curl --list-methods`: every method the server lists through gRPC reflection. */
    static List<String> listMethods(int grpcPort) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("npx", "--yes", BUF, "curl", "--protocol", "grpc",
                "--http2-prior-knowledge", "--list-methods", "http://127.0.0.1:" + grpcPort)
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("buf curl failed: " + output);
        }
        return output.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("npm ")).toList();
    }
}
