package io.crowsnest.faults;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.util.JsonFormat;

/**
 * Generates malformed HTTP requests for one route of the gateway's OpenAPI document: hostile path
 * and query parameters, headers, JSON bodies (wrong types, missing and extra fields, huge strings,
 * deep nesting, invalid UTF-8, truncated JSON, control characters, big numbers, invalid dates),
 * wrong content types, empty bodies, wrong methods, and no, wrong or forged sign-in. Deterministic
 * for a seed.
 */
final class HttpFuzzer {

    /** What was made malformed. */
    enum Kind {
        PATH, QUERY, HEADERS, BODY_HOSTILE_FIELDS, BODY_WRONG_TYPES, BODY_MISSING_EXTRA, BODY_DEEP, BODY_TRUNCATED,
        BODY_INVALID_UTF8, BODY_BIG_NUMBERS, BODY_CONTROL_CHARS, BODY_BAD_DATES, BODY_GARBAGE, BODY_OVERSIZED,
        CONTENT_TYPE, EMPTY_BODY, WRONG_METHOD, UNAUTHENTICATED, WRONG_ROLE, FORGED_TOKEN
    }

    /** Who signs the request: the route's own role, a role it refuses, nobody, or a forged token. */
    enum Signer {
        RIGHT, WRONG_ROLE, NONE, FORGED
    }

    /**
     * One route of the OpenAPI document.
     *
     * @param method     GET, POST...
     * @param template   e.g. /api/v1/customers/{personId}/consents
     * @param query      its query parameters
     * @param headers    its header parameters
     * @param hasBody    whether it takes a request body
     * @param bodyType   the contract message its body is, when known
     */
    record Route(String method, String template, List<String> query, List<String> headers, boolean hasBody,
            Descriptor bodyType) {

        @Override
        public String toString() {
            return method + " " + template;
        }
    }

    /**
     * A request to send.
     *
     * @param chunked send the body without a Content-Length (chunked)
     */
    record Request(Kind kind, String method, String path, Map<String, String> headers, byte[] body, boolean chunked,
            Signer signer) {
    }

    private static final List<String> HOSTILE = List.of("", " ", "\t\n", "\u0000", "a\u0000b", "😀👩‍👩‍👧",
            "..", "../../etc/passwd", "/", "?x=1", "#frag", "${jndi:ldap://127.0.0.1/x}", "' OR '1'='1",
            "{\"$gt\": \"\"}", "$where", "<script>alert(1)</script>", "-1", "0", "NaN", "null", "true",
            "9223372036854775808", "1e400", "p-00000000-0000-0000-0000-000000000000", "*", "%s%n%x",
            "\u202Etxt.exe", "a\r\nX-Injected: 1", "\u00ff\u00fe", "\u2028", "e\u0301", "ＡＢＣ");

    private static final List<String> DATES = List.of("2026-02-30T00:00:00Z", "0000-01-01T00:00:00Z",
            "10000-01-01T00:00:00Z", "9999-12-31T23:59:60Z", "2026-13-45T25:61:61Z", "2026-01-01", "yesterday",
            "1e10", "-62135596801", "2026-03-01T09:00:00+25:00", "2026-03-01T09:00:00.1234567891Z",
            "-292275055-05-16T16:47:04Z", "2026-03-01T09:00:00Z");

    private static final List<String> NUMBERS = List.of("-1", "0", "1", "501", "2147483648", "-2147483649",
            "99999999999999999999999", "1e3", "1.5", "0x10", " 7 ", "٣", "NaN", "Infinity", "");

    private static final List<String> CONTENT_TYPES = List.of("text/plain", "application/xml",
            "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=utf-16",
            "application/json; charset=nope", "application/problem+json", "*/*", "application/json;;;",
            "application/vnd.crowsnest+json", "application/octet-stream", "text/html; charset=utf-8");

    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD",
            "OPTIONS", "TRACE", "FUZZ");

    private final Random random;
    private final MessageFuzzer messages;

    HttpFuzzer(long seed) {
        this.random = new Random(seed);
        this.messages = new MessageFuzzer(seed ^ 0x5DEECE66DL);
    }

    /** One malformed request for {@code route}; {@code ids} are plausible values of its path parameters. */
    Request next(Route route, Map<String, String> ids) {
        List<Kind> kinds = new ArrayList<>(List.of(Kind.PATH, Kind.QUERY, Kind.HEADERS, Kind.WRONG_METHOD,
                Kind.UNAUTHENTICATED, Kind.WRONG_ROLE, Kind.FORGED_TOKEN));
        if (route.hasBody()) {
            for (Kind k : Kind.values()) {
                if (k.name().startsWith("BODY_") || k == Kind.CONTENT_TYPE || k == Kind.EMPTY_BODY) {
                    kinds.add(k);
                    kinds.add(k); // bodies are where most of the hostile input goes
                }
            }
        } else {
            kinds.add(Kind.QUERY);
            kinds.add(Kind.PATH);
        }
        Kind kind = kinds.get(random.nextInt(kinds.size()));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Idempotency-Key", "fuzz-" + Long.toHexString(random.nextLong()));
        String method = route.method();
        String path = path(route, ids, kind == Kind.PATH);
        String query = query(route, kind == Kind.QUERY);
        byte[] body = route.hasBody() ? validish(route).getBytes(StandardCharsets.UTF_8) : null;
        boolean chunked = false;
        Signer signer = Signer.RIGHT;
        if (route.hasBody()) {
            headers.put("Content-Type", "application/json");
        }
        switch (kind) {
            case HEADERS -> hostileHeaders(headers);
            case WRONG_METHOD -> method = pick(METHODS.stream().filter(m -> !m.equals(route.method())).toList());
            case UNAUTHENTICATED -> signer = Signer.NONE;
            case WRONG_ROLE -> signer = Signer.WRONG_ROLE;
            case FORGED_TOKEN -> signer = Signer.FORGED;
            case BODY_HOSTILE_FIELDS -> body = hostileFields(route).getBytes(StandardCharsets.UTF_8);
            case BODY_WRONG_TYPES -> body = wrongTypes(route).getBytes(StandardCharsets.UTF_8);
            case BODY_MISSING_EXTRA -> body = missingOrExtra(route).getBytes(StandardCharsets.UTF_8);
            case BODY_DEEP -> body = deep().getBytes(StandardCharsets.UTF_8);
            case BODY_TRUNCATED -> {
                byte[] whole = validish(route).getBytes(StandardCharsets.UTF_8);
                body = java.util.Arrays.copyOf(whole, random.nextInt(Math.max(1, whole.length - 1)));
            }
            case BODY_INVALID_UTF8 -> body = invalidUtf8(route);
            case BODY_BIG_NUMBERS -> body = bigNumbers(route).getBytes(StandardCharsets.UTF_8);
            case BODY_CONTROL_CHARS -> body = controlChars(route).getBytes(StandardCharsets.UTF_8);
            case BODY_BAD_DATES -> body = badDates(route).getBytes(StandardCharsets.UTF_8);
            case BODY_GARBAGE -> {
                body = new byte[1 + random.nextInt(300)];
                random.nextBytes(body);
            }
            case BODY_OVERSIZED -> {
                // over the gateway's 1 MB limit; half of them without a Content-Length
                body = ("{\"x\":\"" + "x".repeat(1_100_000 + random.nextInt(200_000)) + "\"}")
                        .getBytes(StandardCharsets.UTF_8);
                chunked = random.nextBoolean();
            }
            case CONTENT_TYPE -> {
                if (random.nextInt(5) == 0) {
                    headers.remove("Content-Type");
                } else {
                    headers.put("Content-Type", pick(CONTENT_TYPES));
                }
            }
            case EMPTY_BODY -> body = random.nextBoolean() ? new byte[0] : " \n".getBytes(StandardCharsets.UTF_8);
            default -> {
                // PATH and QUERY: made above
            }
        }
        if (random.nextInt(10) == 0 && kind != Kind.PATH) {
            chunked = body != null; // the same body, streamed without a Content-Length
        }
        return new Request(kind, method, path + query, headers, body, chunked, signer);
    }

    /** The route's path with its parameters filled: plausible ids, or (hostile) one of them made hostile. */
    private String path(Route route, Map<String, String> ids, boolean hostile) {
        StringBuilder path = new StringBuilder();
        java.util.regex.Matcher param = java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(route.template());
        List<int[]> spans = new ArrayList<>();
        while (param.find()) {
            spans.add(new int[] {param.start(), param.end()});
        }
        int target = spans.isEmpty() ? -1 : random.nextInt(spans.size());
        int at = 0;
        for (int i = 0; i < spans.size(); i++) {
            int[] span = spans.get(i);
            path.append(route.template(), at, span[0]);
            String name = route.template().substring(span[0] + 1, span[1] - 1);
            String value = ids.getOrDefault(name, "fuzz-" + name);
            if (hostile && i == target && random.nextInt(4) == 0) {
                // already percent-encoded: invalid UTF-8, NUL, an encoded slash or dot-segment
                path.append(pick(List.of("%C3%28", "%FF", "%00", "%2F", "%2e%2e", "a%2Fb%2F..%2F..", "%ED%A0%80",
                        "%25", "%C0%AF")));
                at = span[1];
                continue;
            }
            if (hostile && i == target) {
                value = hostileValue(name);
            }
            path.append(encodePath(value));
            at = span[1];
        }
        path.append(route.template().substring(at));
        if (hostile && spans.isEmpty()) {
            // no parameter: a hostile extra segment or a doubled slash
            path.append(random.nextBoolean() ? "/" + encodePath(hostileValue("extra")) : "//");
        }
        return path.toString();
    }

    private String query(Route route, boolean hostile) {
        if (!hostile) {
            return "";
        }
        List<String> pairs = new ArrayList<>();
        List<String> names = new ArrayList<>(route.query());
        names.add("unknown_param");
        int count = 1 + random.nextInt(Math.max(1, names.size()));
        for (int i = 0; i < count; i++) {
            String name = pick(names);
            if (random.nextInt(15) == 0) {
                for (int r = 0; r < 200; r++) {
                    pairs.add(encodeQuery(name) + "=" + encodeQuery(pick(NUMBERS)));
                }
                continue;
            }
            pairs.add(encodeQuery(name) + "=" + encodeQuery(hostileValue(name)));
        }
        if (random.nextInt(10) == 0) {
            pairs.add("=" + encodeQuery(pick(HOSTILE)));
        }
        return "?" + String.join("&", pairs);
    }

    /** A hostile value, chosen by what the parameter's name says it holds. */
    private String hostileValue(String name) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        int roll = random.nextInt(100);
        if (roll < 8) {
            return "x".repeat(1_000 + random.nextInt(3_000));
        }
        if (lower.contains("size") || lower.contains("version") || lower.contains("explanations")
                || lower.contains("recent") || lower.contains("limit")) {
            return roll < 70 ? pick(NUMBERS) : pick(HOSTILE);
        }
        if (lower.equals("from") || lower.equals("to") || lower.contains("_at") || lower.contains("time")) {
            return roll < 70 ? pick(DATES) : pick(HOSTILE);
        }
        if (roll < 30) {
            return pick(List.of("EMAIL", "CHANNEL_UNSPECIFIED", "unspecified", "email,sms,,,", "999", "Email",
                    "EMAIL,EMAIL", "csv", "json", "ndjson", "OPEN", "DONE"));
        }
        return pick(HOSTILE);
    }

    private void hostileHeaders(Map<String, String> headers) {
        int roll = random.nextInt(8);
        switch (roll) {
            case 0 -> headers.remove("Idempotency-Key");
            case 1 -> headers.put("Idempotency-Key", pick(List.of("", " ", "\t")));
            case 2 -> headers.put("Idempotency-Key", "k".repeat(1_000 + random.nextInt(4_000)));
            case 3 -> headers.put("Accept", pick(List.of("application/xml", "text/html", "image/png", "nonsense",
                    "application/json;q=0", "*/*;q=abc")));
            case 4 -> headers.put("Last-Event-ID", pick(HOSTILE.stream().filter(HttpFuzzer::headerSafe).toList()));
            case 5 -> headers.put("Idempotency-Key", pick(HOSTILE.stream().filter(HttpFuzzer::headerSafe).toList()));
            case 6 -> headers.put("X-Forwarded-For", pick(List.of("not-an-ip", "999.999.999.999", "::::", "")));
            default -> headers.put("X-Crowsnest-Unknown", "1"); // an unknown header is ignored
        }
    }

    /** Header values the HTTP client can send: visible ASCII and spaces (framing stays valid HTTP). */
    private static boolean headerSafe(String value) {
        return value.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
    }

    /** A well-formed body for the route: its contract message with sensible fields, or {}. */
    private String validish(Route route) {
        if (route.bodyType() == null) {
            return "{\"person_id\":\"fuzz\",\"reason\":{\"code\":\"fuzz\",\"message\":\"fuzz\"}}";
        }
        for (int attempt = 0; attempt < 3; attempt++) {
            String json = print(messages.hostile(route.bodyType()), null);
            if (json != null) {
                return json;
            }
        }
        return "{}";
    }

    private String hostileFields(Route route) {
        if (route.bodyType() == null) {
            return "{\"person_id\":" + new JsonPrimitive(pick(HOSTILE)) + ",\"reason\":{\"code\":"
                    + new JsonPrimitive(pick(HOSTILE)) + "}}";
        }
        return validish(route);
    }

    private String wrongTypes(Route route) {
        JsonObject body = object(validish(route));
        if (body.size() == 0) {
            body.add("person_id", new JsonPrimitive("fuzz"));
        }
        List<String> keys = new ArrayList<>(body.keySet());
        for (int i = 0; i < 1 + random.nextInt(3); i++) {
            body.add(pick(keys), wrongValue());
        }
        return body.toString();
    }

    private JsonElement wrongValue() {
        return switch (random.nextInt(8)) {
            case 0 -> JsonNull.INSTANCE;
            case 1 -> new JsonPrimitive(random.nextBoolean());
            case 2 -> new JsonPrimitive(random.nextLong());
            case 3 -> new JsonPrimitive(pick(HOSTILE));
            case 4 -> new JsonArray();
            case 5 -> {
                JsonArray a = new JsonArray();
                a.add(1);
                a.add("two");
                a.add(JsonNull.INSTANCE);
                yield a;
            }
            case 6 -> new JsonObject();
            default -> {
                JsonObject o = new JsonObject();
                o.add("nested", new JsonPrimitive(pick(HOSTILE)));
                yield o;
            }
        };
    }

    private String missingOrExtra(Route route) {
        JsonObject body = object(validish(route));
        if (random.nextBoolean()) {
            List<String> keys = new ArrayList<>(body.keySet());
            keys.stream().filter(k -> random.nextBoolean()).forEach(body::remove);
        }
        if (random.nextBoolean() || body.size() == 0) {
            body.add(pick(List.of("unknown_field", "personId", "__proto__", "$set", "", "ＡＢＣ", "person_id ")),
                    new JsonPrimitive(pick(HOSTILE)));
        }
        if (random.nextInt(5) == 0) {
            // a field given twice
            String text = body.toString();
            return text.length() > 2 ? "{\"a\":1,\"a\":2," + text.substring(1) : "{\"a\":1,\"a\":2}";
        }
        return body.toString();
    }

    private String deep() {
        int depth = pick(List.of(100, 1_000, 10_000, 100_000));
        String open = random.nextBoolean() ? "[" : "{\"a\":";
        String close = open.equals("[") ? "]" : "}";
        String prefix = random.nextBoolean() ? "{\"identifiers\":" : "";
        return prefix + open.repeat(depth) + "1" + close.repeat(depth) + (prefix.isEmpty() ? "" : "}");
    }

    private byte[] invalidUtf8(Route route) {
        byte[] valid = validish(route).getBytes(StandardCharsets.UTF_8);
        byte[][] bad = {{(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                {(byte) 0xF0, 0x28, (byte) 0x8C, 0x28}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xFE, (byte) 0xFF}};
        byte[] insert = bad[random.nextInt(bad.length)];
        String text = new String(valid, StandardCharsets.UTF_8);
        int quote = text.indexOf("\":\"");
        int at = quote < 0 ? Math.min(1, valid.length) : text.substring(0, quote + 3).getBytes(StandardCharsets.UTF_8).length;
        byte[] out = new byte[valid.length + insert.length];
        System.arraycopy(valid, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(valid, at, out, at + insert.length, valid.length - at);
        return out;
    }

    private String bigNumbers(Route route) {
        JsonObject body = object(validish(route));
        List<String> keys = new ArrayList<>(body.keySet());
        keys.add("page_size");
        String big = pick(List.of("1e400", "-1e400", "123456789012345678901234567890", "-0", "1.5", "9223372036854775808",
                "4294967296", "0.0000000000000000000000000001", "1E+2147483647"));
        String key = pick(keys);
        body.remove(key);
        String text = body.toString();
        String field = "\"" + key + "\":" + big;
        return text.equals("{}") ? "{" + field + "}" : "{" + field + "," + text.substring(1);
    }

    private String controlChars(Route route) {
        String text = validish(route);
        int quote = text.indexOf("\":\"");
        String raw = pick(List.of("\u0000", "\u0001", "\b", "\u001f", "\u007f", "\n", "\r"));
        return quote < 0 ? "{\"person_id\":\"a" + raw + "b\"}" : text.substring(0, quote + 3) + raw + text.substring(quote + 3);
    }

    private String badDates(Route route) {
        JsonObject body = object(validish(route));
        List<String> fields = new ArrayList<>();
        if (route.bodyType() != null) {
            route.bodyType().getFields().stream()
                    .filter(f -> f.getJavaType() == com.google.protobuf.Descriptors.FieldDescriptor.JavaType.MESSAGE
                            && f.getMessageType().getFullName().equals("google.protobuf.Timestamp"))
                    .forEach(f -> fields.add(f.getName()));
        }
        if (fields.isEmpty()) {
            fields.add("occurred_at");
        }
        body.add(pick(fields), new JsonPrimitive(pick(DATES)));
        return body.toString();
    }

    private JsonObject object(String json) {
        try {
            JsonElement parsed = JsonParser.parseString(json);
            return parsed.isJsonObject() ? parsed.getAsJsonObject() : new JsonObject();
        } catch (RuntimeException e) {
            return new JsonObject();
        }
    }

    private static String print(com.google.protobuf.MessageOrBuilder message, String fallback) {
        try {
            return JsonFormat.printer().preservingProtoFieldNames().print(message);
        } catch (Exception e) {
            // e.g. a timestamp outside what proto3 JSON can print: the message without it
            return fallback;
        }
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static String encodePath(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String encodeQuery(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
