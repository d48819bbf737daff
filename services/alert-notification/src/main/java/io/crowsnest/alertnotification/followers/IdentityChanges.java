package io.crowsnest.alertnotification.followers;

import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.crowsnest.alertnotification.client.IdentityChangeStream;
import io.crowsnest.alertnotification.config.AlertsConfig;
import io.crowsnest.alertnotification.service.ForgetService;
import io.crowsnest.platform.identity.IdentityEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Follows identity's change stream: MERGED moves alerts, deliveries and leads to the survivor;
 * FORGOTTEN erases them. An UNMERGED person's alerts stay with the survivor (they were addressed to
 * agents about the merged person; splitting them would guess).
 */
@ApplicationScoped
public class IdentityChanges {

    @Inject
    IdentityChangeStream changes;
    @Inject
    AlertsConfig config;
    @Inject
    ForgetService forget;

    private AutoCloseable following;

    void start(@Observes StartupEvent event) {
        following = changes.follow(config.followIdentityChanges(), "alert-notification", this::apply);
    }

    void apply(IdentityEvent change) {
        if (change instanceof IdentityEvent.Merged m) {
            forget.merge(m.mergedPersonId(), m.survivorPersonId());
        } else if (change instanceof IdentityEvent.Forgotten f) {
            Set<String> ids = new LinkedHashSet<>();
            ids.add(f.personId());
            ids.addAll(f.mergedPersonIds());
            forget.erase(ids);
        }
    }

    void stop(@Observes ShutdownEvent event) throws Exception {
        if (following != null) {
            following.close();
        }
    }
}
