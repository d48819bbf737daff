package io.crowsnest.platform.auth;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who may call which RPC of one service. Written {@code caller=Rpc,Rpc;caller=Rpc} (what the
 * chart renders from services.&lt;caller&gt;.calls.&lt;this service&gt;), an RPC by its bare name
 * ({@code SetConsents}) or full name ({@code crowsnest.contactgovernance.v1.ContactGovernanceService/SetConsents});
 * {@code none} allows no one.
 */
public record AllowList(Map<String, Set<String>> rpcsByCaller) {

    public AllowList {
        rpcsByCaller = Map.copyOf(rpcsByCaller);
    }

    /** The allow-list in its written form; a malformed entry is refused with what is wrong. */
    public static AllowList parse(String text) {
        Map<String, Set<String>> rpcs = new LinkedHashMap<>();
        String trimmed = text.strip();
        if (trimmed.equals("none")) {
            return new AllowList(rpcs);
        }
        for (String entry : trimmed.split("[;\\s]+")) {
            if (entry.isEmpty()) {
                continue;
            }
            int equals = entry.indexOf('=');
            String caller = equals < 0 ? "" : entry.substring(0, equals).strip();
            if (caller.isEmpty() || !caller.matches("[a-z0-9][a-z0-9-]*")) {
                throw new IllegalArgumentException("allow-list entry '" + entry
                        + "' must read caller=Rpc,Rpc with a caller name of lower-case letters, digits and '-'");
            }
            Set<String> methods = rpcs.computeIfAbsent(caller, c -> new TreeSet<>());
            for (String rpc : entry.substring(equals + 1).split(",")) {
                if (!rpc.isBlank()) {
                    methods.add(rpc.strip());
                }
            }
        }
        rpcs.replaceAll((caller, methods) -> Set.copyOf(methods));
        return new AllowList(rpcs);
    }

    /** Whether {@code caller} may call the RPC with this full method name (service/method). */
    public boolean allows(String caller, String fullMethodName) {
        Set<String> methods = rpcsByCaller.get(caller);
        if (methods == null) {
            return false;
        }
        String bare = fullMethodName.substring(fullMethodName.indexOf('/') + 1);
        return methods.contains(bare) || methods.contains(fullMethodName);
    }

    /** The callers the list names. */
    public Set<String> callers() {
        return new TreeSet<>(rpcsByCaller.keySet());
    }
}
