package io.crowsnest.scoring;

import java.util.Map;

/** The behaviour tests' stores and identity stand-in, with identity's change stream followed. */
public class FollowingIdentity extends Stores {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("crowsnest.scoring.follow-identity-changes", "true");
    }
}
