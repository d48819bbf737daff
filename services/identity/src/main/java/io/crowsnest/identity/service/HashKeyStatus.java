package io.crowsnest.identity.service;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Where a hash key rotation stands: the current version, how many identifiers each older
 * configured version still holds (an older key with none left can be retired), how many are held
 * under versions no longer configured (retired too early: those identifiers are not found again)
 * and how many kept delivery addresses the sweep has still to hash again.
 */
public record HashKeyStatus(int currentVersion, SortedMap<Integer, Long> remainingByOlderVersion,
        long remainingUnderUnconfiguredVersions, long addressesToRehash) {

    public HashKeyStatus {
        remainingByOlderVersion = new TreeMap<>(remainingByOlderVersion);
    }

    /** The older configured versions under which no identifier remains: their keys can be removed. */
    public List<Integer> retirable() {
        return remainingByOlderVersion.entrySet().stream().filter(e -> e.getValue() == 0).map(Map.Entry::getKey)
                .toList();
    }

    /** What an operator reads in the log. */
    public String summary() {
        if (remainingByOlderVersion.isEmpty() && remainingUnderUnconfiguredVersions == 0) {
            return "every identifier hash is made by the current hash key (version " + currentVersion + ")";
        }
        StringBuilder out = new StringBuilder("hash key version " + currentVersion + " is current");
        remainingByOlderVersion.forEach((version, left) -> out.append("; ").append(left == 0
                ? "no identifier is hashed under version " + version + " any more: that key can be retired "
                        + "(removed from the configuration)"
                : left + " identifiers are still hashed under version " + version + " (each moves when it is seen "
                        + "again; delivery addresses are moved by the sweep)"));
        if (remainingUnderUnconfiguredVersions > 0) {
            out.append("; ").append(remainingUnderUnconfiguredVersions).append(" identifiers are hashed under a "
                    + "version no longer configured and cannot be found by their value");
        }
        if (addressesToRehash > 0) {
            out.append("; ").append(addressesToRehash).append(" delivery addresses remain to be hashed again");
        }
        return out.toString();
    }
}
