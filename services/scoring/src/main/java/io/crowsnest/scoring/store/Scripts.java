package io.crowsnest.scoring.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * The Lua scripts of src/main/resources/redis, run with EVALSHA under the SHA-1 computed here (no
 * SCRIPT LOAD round trip). A node that does not know a script yet (first call, restart, another
 * node of a cluster) answers NOSCRIPT and gets it once through EVAL, which also caches it there.
 * Several runs of one script go in one pipelined round trip per node ({@link #runAll}).
 */
@ApplicationScoped
public class Scripts {

    private record Script(String source, String sha) {
    }

    @Inject
    UnifiedJedis jedis;

    private final Map<String, Script> scripts = new ConcurrentHashMap<>();

    /** One run of a script: its keys and arguments. */
    public record Call(List<String> keys, List<String> args) {
    }

    public Object run(String name, List<String> keys, List<String> args) {
        Script script = scripts.computeIfAbsent(name, Scripts::read);
        try {
            return jedis.evalsha(script.sha(), keys, args);
        } catch (JedisDataException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT")) {
                return jedis.eval(script.source(), keys, args);
            }
            throw e;
        }
    }

    /**
     * Runs the script once per call, all in one pipelined round trip per Redis node, in the order
     * given. Each element of the answer is the call's reply, or the {@link RuntimeException} that
     * call failed with (its script's error); a call its node answered NOSCRIPT did not run and is
     * run again on its own through {@link #run}, after the others. A failure of the round trip
     * itself (Redis unreachable) is thrown: then any of the calls may have run, or none.
     */
    public List<Object> runAll(String name, List<Call> calls) {
        Script script = scripts.computeIfAbsent(name, Scripts::read);
        List<Response<Object>> responses = new ArrayList<>(calls.size());
        try (AbstractPipeline pipeline = jedis.pipelined()) {
            for (Call call : calls) {
                responses.add(pipeline.evalsha(script.sha(), call.keys(), call.args()));
            }
            pipeline.sync();
        }
        List<Object> out = new ArrayList<>(calls.size());
        List<Integer> again = new ArrayList<>();
        for (int i = 0; i < responses.size(); i++) {
            try {
                out.add(responses.get(i).get());
            } catch (JedisDataException e) {
                if (e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT")) {
                    again.add(i);
                }
                out.add(e);
            }
        }
        for (int i : again) {
            Call call = calls.get(i);
            try {
                out.set(i, run(name, call.keys(), call.args()));
            } catch (RuntimeException e) {
                out.set(i, e);
            }
        }
        return out;
    }

    private static Script read(String name) {
        try (InputStream in = Scripts.class.getResourceAsStream("/redis/" + name + ".lua")) {
            if (in == null) {
                throw new IllegalStateException("no script redis/" + name + ".lua");
            }
            String source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            byte[] sha = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
            return new Script(source, HexFormat.of().formatHex(sha));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
