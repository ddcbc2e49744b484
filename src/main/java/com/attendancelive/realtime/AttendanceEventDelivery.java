package com.attendancelive.realtime;

import com.attendancelive.attendance.AttendanceEventRecorded;
import com.attendancelive.attendance.ClassEventLog;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.springframework.beans.factory.ObjectProvider;
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
 * incomplete; they are sent again when the broker connection returns
 * ({@link IncompleteEventResubmission}) and at start-up. Nothing depends on that for delivery: every
 * instance reads what the broker did not bring from the database ({@link ClassFeeds}); the
 * resubmission only puts the fast path back.
 */
@Component
class AttendanceEventDelivery {

    static final String EXECUTOR = "attendanceEventDeliveryExecutor";

    private final ClassEventLog events;
    private final ClassFeeds feeds;
    private final ObjectProvider<BrokerLink> broker;
    private final JsonMapper mapper;

    AttendanceEventDelivery(ClassEventLog events, ClassFeeds feeds, ObjectProvider<BrokerLink> broker, JsonMapper mapper) {
        this.events = events;
        this.feeds = feeds;
        this.broker = broker;
        this.mapper = mapper;
    }

    /** After the commit, on the committing thread; neither hand-over waits. */
    @TransactionalEventListener
    CompletableFuture<Void> on(AttendanceEventRecorded recorded) {
        String json = recorded.json() != null ? recorded.json() : storedJson(recorded);
        feeds.accept(json.getBytes(StandardCharsets.UTF_8));
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
}
