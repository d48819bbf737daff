package io.crowsnest.scoring.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * The Lua scripts of src/main/resources/redis, run with EVALSHA under the SHA-1 computed here (no
 * SCRIPT LOAD round trip). A node that does not know a script yet (first call, restart, another
 * node of a cluster) answers NOSCRIPT and gets it once through EVAL, which also caches it there.
 */
@ApplicationScoped
public class Scripts {

    private record Script(String source, String sha) {
    }

    @Inject
    UnifiedJedis jedis;

    private final Map<String, Script> scripts = new ConcurrentHashMap<>();

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
