package io.crowsnest.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.yaml.snakeyaml.Yaml;

/**
 * Service-to-service authentication in the local stack, as the Helm chart sets it up in a cluster:
 * a fresh EC P-256 key pair per service (generated at every start, files in the state directory,
 * never on a command line), every service's public key for all, and each service's allow-list read
 * from the same place the chart renders it from: {@code services.<caller>.calls} in
 * helm/crowsnest/values.yaml. One more caller exists only here: {@value #OPERATOR}, allowed every
 * RPC, for people and tests that call any RPC directly (the fault suite's fuzzing).
 */
public final class ServiceAuth {

    /** The local stack's own caller, allowed every RPC of every service. Never in a cluster. */
    public static final String OPERATOR = "local-operator";

    /**
     * System property naming the key directory of the stack last started in this JVM: a Quarkus
     * service under test in the same JVM (auth off for its own server) finds its key there by its
     * name and signs its calls to the stack's services (platform: crowsnest.service-auth.keys-dir).
     */
    public static final String KEYS_DIR_PROPERTY = "crowsnest.service-auth.keys-dir";

    private static final Pattern RPC = Pattern.compile("^\\s*rpc (\\w+)\\(", Pattern.MULTILINE);
    private static volatile ServiceAuth latest;

    private final Path directory;
    private final Map<String, Map<String, Set<String>>> callersByCallee;
    private final Map<String, PrivateKey> keys = new TreeMap<>();

    private ServiceAuth(Path directory, Map<String, Map<String, Set<String>>> callersByCallee) {
        this.directory = directory;
        this.callersByCallee = callersByCallee;
    }

    /**
     * Keys for every service and the operator, written under {@code directory}; allow-lists from the
     * chart's values.yaml and (for the operator) the contracts under {@code home}.
     */
    public static ServiceAuth create(Path home, Path directory) throws IOException {
        Map<String, Map<String, Set<String>>> allow = allowLists(home);
        ServiceAuth auth = new ServiceAuth(directory, allow);
        Path callers = directory.resolve("callers");
        if (Files.isDirectory(directory)) {
            try (Stream<Path> old = Files.walk(directory)) {
                for (Path file : old.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
        Files.createDirectories(callers);
        List<String> names = Stream.concat(ServiceSpec.ALL.stream().map(ServiceSpec::name), Stream.of(OPERATOR)).toList();
        for (String name : names) {
            KeyPair pair = generate();
            Path key = directory.resolve(name + ".key");
            Files.createFile(key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(key, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
            Files.writeString(callers.resolve(name + ".pem"), pem("PUBLIC KEY", pair.getPublic().getEncoded()),
                    StandardCharsets.US_ASCII);
            auth.keys.put(name, pair.getPrivate());
        }
        latest = auth;
        System.setProperty(KEYS_DIR_PROPERTY, directory.toString());
        return auth;
    }

    /** The service auth of the stack last started in this JVM, if any. */
    public static java.util.Optional<ServiceAuth> latest() {
        return java.util.Optional.ofNullable(latest);
    }

    /** Who may call which RPCs of each service: callee -> caller -> RPC names. */
    static Map<String, Map<String, Set<String>>> allowLists(Path home) throws IOException {
        Map<String, Map<String, Set<String>>> allow = new TreeMap<>();
        Path values = home.resolve("helm/crowsnest/values.yaml");
        Map<String, Object> root;
        try (InputStream in = Files.newInputStream(values)) {
            root = new Yaml().load(in);
        }
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) root.get("services");
        services.forEach((caller, settings) -> {
            if (caller.equals("defaults") || settings == null || !(settings.get("calls") instanceof Map<?, ?> calls)) {
                return;
            }
            calls.forEach((callee, rpcs) -> allow.computeIfAbsent(callee.toString(), c -> new TreeMap<>())
                    .put(caller, ((List<?>) rpcs).stream().map(Object::toString)
                            .collect(Collectors.toCollection(TreeSet::new))));
        });
        for (ServiceSpec spec : ServiceSpec.ALL) {
            if (spec.grpcServer()) {
                allow.computeIfAbsent(spec.name(), c -> new TreeMap<>()).put(OPERATOR, rpcsOf(home, spec.name()));
            }
        }
        return allow;
    }

    /** Every RPC of a service's contract (proto/crowsnest/&lt;name without dashes&gt;/v1/*_service.proto). */
    private static Set<String> rpcsOf(Path home, String service) throws IOException {
        Set<String> rpcs = new TreeSet<>();
        Path dir = home.resolve("proto/crowsnest").resolve(service.replace("-", "")).resolve("v1");
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith("_service.proto")).toList()) {
                Matcher m = RPC.matcher(Files.readString(file));
                while (m.find()) {
                    rpcs.add(m.group(1));
                }
            }
        }
        if (rpcs.isEmpty()) {
            throw new IOException("no RPC found in " + dir);
        }
        return rpcs;
    }

    /** The allow-list of a service as it reads it (CROWSNEST_SERVICE_AUTH_ALLOW). */
    public String allowList(String service) {
        String list = callersByCallee.getOrDefault(service, Map.of()).entrySet().stream()
                .map(e -> e.getKey() + "=" + String.join(",", e.getValue())).collect(Collectors.joining(";"));
        return list.isEmpty() ? "none" : list;
    }

    /** Whether the allow-list lets {@code caller} call {@code rpc} (bare name) of {@code service}. */
    public boolean allows(String caller, String service, String rpc) {
        return callersByCallee.getOrDefault(service, Map.of()).getOrDefault(caller, Set.of()).contains(rpc);
    }

    /** The environment that turns service auth on in a service process. */
    public Map<String, String> environment(String service) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CROWSNEST_SERVICE_AUTH_ENABLED", "true");
        env.put("CROWSNEST_SERVICE_AUTH_KEY_FILE", keyFile(service).toString());
        env.put("CROWSNEST_SERVICE_AUTH_CALLERS_DIR", directory.resolve("callers").toString());
        env.put("CROWSNEST_SERVICE_AUTH_ALLOW", allowList(service));
        return env;
    }

    /**
     * The configuration that lets a service under test (a Quarkus test of that service, auth off
     * for its own server) sign its calls to the stack's services as itself.
     */
    public Map<String, String> clientConfig(String service) {
        return Map.of("crowsnest.service-auth.key-file", keyFile(service).toString());
    }

    /** A caller's private key file. */
    public Path keyFile(String caller) {
        if (!keys.containsKey(caller)) {
            throw new IllegalArgumentException("the local stack has no key of " + caller);
        }
        return directory.resolve(caller + ".key");
    }

    /** Signs calls as {@code caller} (a service name or {@link #OPERATOR}), like that service does. */
    public CallerTokenInterceptor as(String caller) {
        PrivateKey key = keys.get(caller);
        if (key == null) {
            throw new IllegalArgumentException("the local stack has no key of " + caller);
        }
        return new CallerTokenInterceptor(caller, key);
    }

    /** Signs as {@code claimedCaller} with the key of {@code keyOf}: a forgery every service must refuse. */
    public CallerTokenInterceptor forgery(String claimedCaller, String keyOf) {
        return new CallerTokenInterceptor(claimedCaller, as(keyOf).key());
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no EC P-256 key generator in this JVM", e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

}
