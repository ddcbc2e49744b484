package com.attendancelive.realtime;

import com.attendancelive.attendance.AttendanceEvent;
import com.attendancelive.attendance.AttendanceEventRecorded;
import com.attendancelive.attendance.ClassEventLog;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.messaging.simp.broker.BrokerAvailabilityEvent;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends each class's attendance events to {@code /topic/attendance/{classId}} (and the students
 * concerned to {@code /user/queue/attendance}) after their commit, in seq order.
 *
 * <p>Every committed event triggers a drain of its class: under a row lock on the class's delivery
 * cursor ({@code class_event_delivery}, so one drain per class at a time across instances), the
 * events after the cursor are read from the log in seq order, sent, and the cursor advanced. Events
 * committed concurrently are therefore sent in seq order whichever listener runs first. When a send
 * fails (broker down) the listener fails, Spring Modulith keeps the publication incomplete, and it is
 * resubmitted when the broker is available again (and at start-up).
 */
@Component
class AttendanceEventDelivery implements DisposableBean {

    static final String CLASS_TOPIC = "/topic/attendance/";
    static final String USER_QUEUE = "/queue/attendance";
    private static final int BATCH = 500;

    private static final Logger log = LoggerFactory.getLogger(AttendanceEventDelivery.class);

    private final ClassEventLog events;
    private final SimpMessagingTemplate messaging;
    private final JdbcClient jdbc;
    private final TransactionTemplate newTransaction;
    private final IncompleteEventPublications incomplete;
    private final ExecutorService resubmitter = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "attendance-event-resubmit");
        thread.setDaemon(true);
        return thread;
    });

    AttendanceEventDelivery(ClassEventLog events, SimpMessagingTemplate messaging, JdbcClient jdbc,
            PlatformTransactionManager transactions, IncompleteEventPublications incomplete) {
        this.events = events;
        this.messaging = messaging;
        this.jdbc = jdbc;
        this.incomplete = incomplete;
        this.newTransaction = new TransactionTemplate(transactions);
        this.newTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** After the commit, on the committing thread. Throwing leaves the publication incomplete. */
    @TransactionalEventListener
    void on(AttendanceEventRecorded recorded) {
        long sent = deliver(recorded.classId());
        if (sent < recorded.seq()) {
            throw new IllegalStateException("Event " + recorded.seq() + " of class " + recorded.classId()
                    + " not sent yet (sent up to " + sent + ")");
        }
    }

    @EventListener
    void onBrokerAvailability(BrokerAvailabilityEvent availability) {
        if (availability.isBrokerAvailable()) {
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

    /**
     * Sends the class's unsent events in seq order and returns the last seq sent. On a failed send,
     * keeps the progress made so far and rethrows.
     */
    long deliver(String classId) {
        ensureCursor(classId);
        RuntimeException[] failure = new RuntimeException[1];
        Long sent = newTransaction.execute(status -> {
            long cursor = jdbc.sql("select last_sent_seq from class_event_delivery where class_id = ? for update")
                    .param(classId).query(Long.class).single();
            long start = cursor;
            outer:
            while (true) {
                List<AttendanceEvent> batch = events.eventsAfter(classId, cursor, BATCH);
                for (AttendanceEvent event : batch) {
                    try {
                        send(event);
                    }
                    catch (RuntimeException ex) {
                        failure[0] = ex;
                        break outer;
                    }
                    cursor = event.seq();
                }
                if (batch.size() < BATCH) {
                    break;
                }
            }
            if (cursor != start) {
                jdbc.sql("update class_event_delivery set last_sent_seq = ? where class_id = ?")
                        .params(cursor, classId).update();
            }
            return cursor;
        });
        if (failure[0] != null) {
            throw failure[0];
        }
        return sent;
    }

    private void send(AttendanceEvent event) {
        messaging.convertAndSend(CLASS_TOPIC + event.classId(), event.json());
        for (String student : event.students()) {
            messaging.convertAndSendToUser(student, USER_QUEUE, event.forStudent(student));
        }
    }

    private void ensureCursor(String classId) {
        if (jdbc.sql("select count(*) from class_event_delivery where class_id = ?").param(classId)
                .query(Integer.class).single() > 0) {
            return;
        }
        try {
            newTransaction.executeWithoutResult(status -> jdbc
                    .sql("insert into class_event_delivery (class_id, last_sent_seq) values (?, 0)").param(classId)
                    .update());
        }
        catch (DuplicateKeyException createdMeanwhile) {
            // another instance or thread created it
        }
    }

    @Override
    public void destroy() {
        resubmitter.shutdownNow();
    }
}
