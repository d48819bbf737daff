package io.crowsnest.alertnotification.feed;

import java.time.Clock;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.alertnotification.config.AlertsConfig;
import io.quarkus.runtime.Startup;

/** This instance's feed dispatcher, started with the application and closed (streams end UNAVAILABLE) at shutdown. */
@ApplicationScoped
@Startup
public class LiveFeed {

    private final FeedDispatcher dispatcher;

    @Inject
    public LiveFeed(AlertFeed feed, AlertsConfig config, Clock clock) {
        this.dispatcher = new FeedDispatcher(feed, config.feed().block(), config.feed().heartbeat(),
                config.feed().maxBuffered(), clock).start();
    }

    public FeedDispatcher dispatcher() {
        return dispatcher;
    }

    @PreDestroy
    void close() {
        dispatcher.close();
    }
}
