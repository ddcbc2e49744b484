package com.attendancelive.realtime;

import com.attendancelive.attendance.AttendanceEvent;
import com.attendancelive.attendance.AttendanceEventRecorded;
import com.attendancelive.attendance.ClassEventLog;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Qualifier;
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
 * <p>Every committed event asks for a drain of its class, so a check-in's request does not wait for
 * the broker. Under a row lock on the class's delivery cursor ({@code class_event_delivery}: one
 * drain per class at a time across instances) the events after the cursor are read from the log in
 * seq order and sent; the cursor moves only once the broker has confirmed them ({@link BrokerReceipts}),
 * so the next drain, on whichever instance, cannot overtake them.
 *
 * <p>Within an instance a class has at most one drain running or queued on the delivery threads
 * ({@link DrainQueue}). Events committed meanwhile wait for the drain after it, which sends them all
 * at once: a burst costs a few drains rather than one per event, and no delivery thread waits for
 * another's class.
 *
 * <p>The listener's future completes once its event is confirmed, and Spring Modulith then marks the
 * publication complete. When sending or its confirmation fails (broker down), the futures fail, the
 * publications stay incomplete, and they are resubmitted when the broker is available again (and at
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
    private final Executor deliveryThreads;
    private final Map<String, DrainQueue> drains = new ConcurrentHashMap<>();
    /** Classes whose cursor row is known to exist (it is never deleted). */
    private final Set<String> cursorsCreated = ConcurrentHashMap.newKeySet();
    private final ExecutorService resubmitter = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "attendance-event-resubmit");
        thread.setDaemon(true);
        return thread;
    });

    AttendanceEventDelivery(ClassEventLog events, SimpMessagingTemplate messaging, BrokerReceipts receipts,
            JdbcClient jdbc, PlatformTransactionManager transactions, IncompleteEventPublications incomplete,
            @Qualifier(EXECUTOR) Executor deliveryThreads) {
        this.events = events;
        this.messaging = messaging;
        this.receipts = receipts;
        this.jdbc = jdbc;
        this.incomplete = incomplete;
        this.deliveryThreads = deliveryThreads;
        this.newTransaction = new TransactionTemplate(transactions);
        this.newTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /**
     * After the commit, on the committing thread, which only queues the drain. The future completes
     * once the event is confirmed; failed, it leaves the publication incomplete.
     */
    @TransactionalEventListener
    CompletableFuture<Void> on(AttendanceEventRecorded recorded) {
        return drains.computeIfAbsent(recorded.classId(), id -> new DrainQueue(id, deliveryThreads, () -> drain(id)))
                .request(recorded.seq());
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

    /** Sends the class's unsent events in seq order and returns the last seq the broker confirmed. */
    private long drain(String classId) {
        if (!cursorsCreated.contains(classId)) {
            ensureCursor(classId);
            cursorsCreated.add(classId);
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
