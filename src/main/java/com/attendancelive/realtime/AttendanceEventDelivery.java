package com.attendancelive.realtime;

import com.attendancelive.attendance.AttendanceEvent;
import com.attendancelive.attendance.AttendanceEventRecorded;
import com.attendancelive.attendance.ClassEventLog;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.EventListener;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends each committed attendance event on, after its commit: to this instance's own subscribers at
 * once, and to the broker, which carries it to every instance (this one included, where the copy
 * is dropped as a repeat).
 *
 * <p>The listener's future completes on the broker's receipt, and Spring Modulith then marks the
 * publication complete. While the broker is away the futures fail and the publications stay
 * incomplete; they are sent again when the broker connection returns (and at start-up). Nothing
 * depends on that for delivery: every instance reads what the broker did not bring from the
 * database ({@link ClassFeeds}); the resubmission only puts the fast path back.
 */
@Component
class AttendanceEventDelivery implements DisposableBean {

    static final String EXECUTOR = "attendanceEventDeliveryExecutor";

    private static final Logger log = LoggerFactory.getLogger(AttendanceEventDelivery.class);

    private final ClassEventLog events;
    private final ClassFeeds feeds;
    private final ObjectProvider<BrokerLink> broker;
    private final JsonMapper mapper;
    private final IncompleteEventPublications incomplete;
    private final ExecutorService resubmitter = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "attendance-event-resubmit");
        thread.setDaemon(true);
        return thread;
    });

    AttendanceEventDelivery(ClassEventLog events, ClassFeeds feeds, ObjectProvider<BrokerLink> broker, JsonMapper mapper,
            IncompleteEventPublications incomplete) {
        this.events = events;
        this.feeds = feeds;
        this.broker = broker;
        this.mapper = mapper;
        this.incomplete = incomplete;
    }

    /** After the commit, on the committing thread; neither hand-over waits. */
    @TransactionalEventListener
    CompletableFuture<Void> on(AttendanceEventRecorded recorded) {
        String json = recorded.json() != null ? recorded.json() : storedJson(recorded);
        feeds.accept(AttendanceEvent.fromJson(mapper.readTree(json)), json.getBytes(StandardCharsets.UTF_8));
        BrokerLink link = broker.getIfAvailable();
        return link == null ? CompletableFuture.completedFuture(null) : link.publish(recorded.classId(), recorded.seq(), json);
    }

    /** A publication recorded before events carried their JSON. */
    private String storedJson(AttendanceEventRecorded recorded) {
        return events.eventsAfter(recorded.classId(), recorded.seq() - 1, 1).stream()
                .filter(event -> event.seq() == recorded.seq())
                .findFirst()
                .map(event -> mapper.writeValueAsString(event.json()))
                .orElseThrow(() -> new IllegalStateException("Event " + recorded.seq() + " of class "
                        + recorded.classId() + " is not in the log"));
    }

    @EventListener
    void onBrokerConnection(BrokerConnectionChanged change) {
        if (change.connected()) {
            resubmitter.execute(this::resubmit);
        }
    }

    private void resubmit() {
        try {
            incomplete.resubmitIncompletePublications(
                    publication -> publication.getEvent() instanceof AttendanceEventRecorded);
        }
        catch (RuntimeException ex) {
            log.warn("Resubmitting unsent attendance events failed; they stay queued: {}", ex.toString());
        }
    }

    @Override
    public void destroy() {
        resubmitter.shutdownNow();
    }
}
