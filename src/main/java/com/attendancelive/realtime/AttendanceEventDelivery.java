package com.attendancelive.realtime;

import com.attendancelive.attendance.AttendanceEvent;
import com.attendancelive.attendance.AttendanceEventRecorded;
import com.attendancelive.attendance.ClassEventLog;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.messaging.simp.broker.BrokerAvailabilityEvent;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends each class's attendance events to {@code /topic/attendance/{classId}} (and the students
 * concerned to {@code /user/queue/attendance}) after their commit, in seq order.
 *
 * <p>Every committed event triggers a drain of its class on a delivery thread, so a check-in's
 * request does not wait for the broker. Under a row lock on the class's delivery cursor
 * ({@code class_event_delivery}: one drain per class at a time across instances) the events after
 * the cursor are read from the log in seq order and sent; the cursor moves only once the broker has
 * confirmed them ({@link BrokerReceipts}), so the next drain, on whichever instance, cannot overtake
 * them. Within an instance a class's triggers queue on one lock and most find their event already
 * sent by the drain before them, so a burst costs a few drains rather than one per event.
 *
 * <p>When sending or its confirmation fails (broker down), the listener fails, Spring Modulith keeps
 * the publication incomplete, and it is resubmitted when the broker is available again (and at
 * start-up). Events sent but not confirmed are sent again then: a subscriber may see one twice and
 * drops it by seq.
 */
@Component
class AttendanceEventDelivery implements DisposableBean {

    static final String CLASS_TOPIC = "/topic/attendance/";
    static final String USER_QUEUE = "/queue/attendance";
    static final String EXECUTOR = "attendanceEventDeliveryExecutor";
    private static final int BATCH = 500;

    private static final Logger log = LoggerFactory.getLogger(AttendanceEventDelivery.class);

    private final ClassEventLog events;
    private final SimpMessagingTemplate messaging;
    private final BrokerReceipts receipts;
    private final JdbcClient jdbc;
    private final TransactionTemplate newTransaction;
    private final IncompleteEventPublications incomplete;
    private final Map<String, ClassProgress> progress = new ConcurrentHashMap<>();
    private final ExecutorService resubmitter = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "attendance-event-resubmit");
        thread.setDaemon(true);
        return thread;
    });

    AttendanceEventDelivery(ClassEventLog events, SimpMessagingTemplate messaging, BrokerReceipts receipts,
            JdbcClient jdbc, PlatformTransactionManager transactions, IncompleteEventPublications incomplete) {
        this.events = events;
        this.messaging = messaging;
        this.receipts = receipts;
        this.jdbc = jdbc;
        this.incomplete = incomplete;
        this.newTransaction = new TransactionTemplate(transactions);
        this.newTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** After the commit, on a delivery thread. Throwing leaves the publication incomplete. */
    @Async(EXECUTOR)
    @TransactionalEventListener
    void on(AttendanceEventRecorded recorded) {
        deliverUpTo(recorded.classId(), recorded.seq());
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

    /** Makes sure the class's events up to {@code seq} have been sent, sending what has not. */
    void deliverUpTo(String classId, long seq) {
        ClassProgress cls = progress.computeIfAbsent(classId, id -> new ClassProgress());
        if (cls.sentUpTo >= seq) {
            return;
        }
        cls.lock.lock();
        try {
            if (cls.sentUpTo < seq) {
                cls.sentUpTo = Math.max(cls.sentUpTo, drain(classId, cls));
            }
        }
        finally {
            cls.lock.unlock();
        }
        if (cls.sentUpTo < seq) {
            throw new IllegalStateException("Event " + seq + " of class " + classId + " not sent yet (sent up to "
                    + cls.sentUpTo + ")");
        }
    }

    /** Sends the class's unsent events in seq order and returns the last seq the broker confirmed. */
    private long drain(String classId, ClassProgress cls) {
        if (!cls.cursorExists) {
            ensureCursor(classId);
            cls.cursorExists = true;
        }
        Long sent = newTransaction.execute(status -> {
            long cursor = jdbc.sql("select last_sent_seq from class_event_delivery where class_id = ? for update")
                    .param(classId).query(Long.class).single();
            BrokerReceipts.Fence fence = receipts.beginFence();
            long last = cursor;
            List<AttendanceEvent> batch;
            do {
                batch = events.eventsAfter(classId, last, BATCH);
                for (AttendanceEvent event : batch) {
                    send(event);
                    last = event.seq();
                }
            }
            while (batch.size() == BATCH);
            if (last != cursor) {
                fence.confirm(messaging);
                jdbc.sql("update class_event_delivery set last_sent_seq = ? where class_id = ?")
                        .params(last, classId).update();
            }
            return last;
        });
        return sent;
    }

    /** What this instance knows of a class's delivery; {@code sentUpTo} only grows, and the cursor row is never deleted. */
    private static final class ClassProgress {
        final ReentrantLock lock = new ReentrantLock();
        volatile long sentUpTo;
        volatile boolean cursorExists;
    }

    private void send(AttendanceEvent event) {
        messaging.convertAndSend(CLASS_TOPIC + event.classId(), event.json(), BrokerReceipts.pipelined());
        for (String student : event.students()) {
            messaging.convertAndSendToUser(student, USER_QUEUE, event.forStudent(student), BrokerReceipts.pipelined());
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
