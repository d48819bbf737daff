package io.crowsnest.e2e;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.bson.Document;
import org.bson.types.Binary;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

import io.crowsnest.localstack.LocalStack;
import io.crowsnest.localstack.ServiceSpec;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Reads every store of a running stack as someone holding the databases would: every document of
 * every collection of every MongoDB database, and every key with its value in every service's
 * Redis, looking for given strings (case-insensitive; binary values are read byte for byte and
 * base64 values decoded, so a string inside a serialized record is found too).
 */
final class StoreScan {

    /** One place a string was found: the store ({@code mongodb:<db>.<collection>} or {@code redis:<service>}), the document or key, and the string. */
    record Hit(String store, String where, String needle) {
        @Override
        public String toString() {
            return store + " " + where + " holds " + needle;
        }
    }

    private static final int MAX_HITS = 500;
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/_-]+={0,2}");

    private StoreScan() {
    }

    /** Every place any of {@code needles} occurs, up to 500. */
    static List<Hit> scan(LocalStack stack, Collection<String> needles) {
        List<String> lowered = needles.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
        List<Hit> hits = new ArrayList<>();
        scanMongo(stack.mongoUri(), needles, lowered, hits);
        for (ServiceSpec spec : ServiceSpec.ALL) {
            if (spec.ownsRedis()) {
                scanRedis(spec.name(), stack.redisUri(spec.name()), needles, lowered, hits);
            }
        }
        return hits;
    }

    private static void scanMongo(String uri, Collection<String> needles, List<String> lowered, List<Hit> hits) {
        try (MongoClient client = MongoClients.create(uri)) {
            for (String dbName : client.listDatabaseNames()) {
                MongoDatabase db = client.getDatabase(dbName);
                for (String collection : db.listCollectionNames()) {
                    for (Document doc : db.getCollection(collection).find()) {
                        StringBuilder text = new StringBuilder(doc.toJson()).append('\n');
                        embedded(doc, text);
                        String json = text.toString().toLowerCase(Locale.ROOT);
                        record(hits, "mongodb:" + dbName + "." + collection, "_id " + doc.get("_id"), json, needles,
                                lowered);
                    }
                }
            }
        }
    }

    private static void scanRedis(String service, String uri, Collection<String> needles, List<String> lowered,
            List<Hit> hits) {
        try (Jedis jedis = new Jedis(URI.create(uri))) {
            byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;
            ScanParams params = new ScanParams().count(1000);
            do {
                ScanResult<byte[]> page = jedis.scan(cursor, params);
                for (byte[] key : page.getResult()) {
                    String keyText = latin1(key);
                    String content = keyText + "\n" + value(jedis, key);
                    record(hits, "redis:" + service, "key " + keyText, content.toLowerCase(Locale.ROOT), needles,
                            lowered);
                }
                cursor = page.getCursorAsBytes();
            } while (!java.util.Arrays.equals(cursor, ScanParams.SCAN_POINTER_START_BINARY));
        }
    }

    /** The whole value of a key as text, whatever its type (byte for byte for binary values). */
    private static String value(Jedis jedis, byte[] key) {
        String type = jedis.type(key);
        Object value = switch (type) {
            case "string" -> jedis.sendCommand(Protocol.Command.GET, key);
            case "hash" -> jedis.sendCommand(Protocol.Command.HGETALL, key);
            case "set" -> jedis.sendCommand(Protocol.Command.SMEMBERS, key);
            case "zset" -> jedis.sendCommand(Protocol.Command.ZRANGE, key, bytes("0"), bytes("-1"));
            case "list" -> jedis.sendCommand(Protocol.Command.LRANGE, key, bytes("0"), bytes("-1"));
            case "stream" -> jedis.sendCommand(Protocol.Command.XRANGE, key, bytes("-"), bytes("+"));
            case "none" -> null; // expired between SCAN and TYPE
            default -> throw new IllegalStateException("a Redis key of type " + type + " the scan cannot read: "
                    + latin1(key));
        };
        StringBuilder text = new StringBuilder();
        flatten(value, text);
        return text.toString();
    }

    /** The bytes of binary values and of base64 strings anywhere in a document, as text. */
    private static void embedded(Object value, StringBuilder text) {
        if (value instanceof Document d) {
            d.values().forEach(v -> embedded(v, text));
        } else if (value instanceof List<?> list) {
            list.forEach(v -> embedded(v, text));
        } else if (value instanceof Binary b) {
            text.append(latin1(b.getData())).append('\n');
            decoded(latin1(b.getData()), text);
        } else if (value instanceof String s) {
            decoded(s, text);
        }
    }

    /** A value that is base64 (as stores keep serialized records), decoded, so what it holds is found too. */
    private static void decoded(String value, StringBuilder text) {
        String trimmed = value.strip();
        if (trimmed.length() >= 8 && BASE64.matcher(trimmed).matches()) {
            try {
                byte[] bytes = trimmed.indexOf('-') >= 0 || trimmed.indexOf('_') >= 0
                        ? Base64.getUrlDecoder().decode(trimmed) : Base64.getDecoder().decode(trimmed);
                text.append(latin1(bytes)).append('\n');
            } catch (IllegalArgumentException notBase64) {
                // a word that only looks like base64
            }
        }
    }

    private static void flatten(Object value, StringBuilder text) {
        if (value instanceof byte[] b) {
            text.append(latin1(b)).append('\n');
            decoded(latin1(b), text);
        } else if (value instanceof List<?> list) {
            list.forEach(item -> flatten(item, text));
        } else if (value != null) {
            text.append(value).append('\n');
        }
    }

    private static void record(List<Hit> hits, String store, String where, String content, Collection<String> needles,
            List<String> lowered) {
        int i = 0;
        for (String needle : needles) {
            if (content.contains(lowered.get(i++)) && hits.size() < MAX_HITS) {
                hits.add(new Hit(store, where, needle));
            }
        }
    }

    private static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
