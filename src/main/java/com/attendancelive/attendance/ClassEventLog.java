package com.attendancelive.attendance;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Each class's append-only event log. {@code seq} comes from the class's counter row, incremented
 * in the transaction of the change: the row lock makes writers of one class (on any instance)
 * take numbers one after the other, and a rolled-back change gives its number back.
 */
@Service
public class ClassEventLog {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final ApplicationEventPublisher publisher;
    private final TransactionTemplate transaction;
    private final TransactionTemplate newTransaction;
    /** Counter rows are never deleted: once seen, a class's row needs no further check. */
    private final Set<String> classesWithCounter = ConcurrentHashMap.newKeySet();

    ClassEventLog(JdbcClient jdbc, JsonMapper json, ApplicationEventPublisher publisher,
            PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.json = json;
        this.publisher = publisher;
        this.transaction = new TransactionTemplate(transactions);
        this.newTransaction = new TransactionTemplate(transactions);
        this.newTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** The class's events with {@code seq > afterSeq}, oldest first, at most {@code limit}. */
    public List<AttendanceEvent> eventsAfter(String classId, long afterSeq, int limit) {
        return jdbc.sql("select seq, type, payload from class_event where class_id = ? and seq > ? order by seq")
                .params(classId, afterSeq)
                .withMaxRows(limit)
                .query((rs, row) -> AttendanceEvent.fromJson(json.readTree(rs.getString("payload"))))
                .list();
    }

    /** Every class's last committed seq, by class id (classes without events are absent). */
    public Map<String, Long> lastSeqOfEveryClass() {
        Map<String, Long> lastSeqs = new HashMap<>();
        jdbc.sql("select class_id, last_seq from class_event_counter")
                .query(rs -> {
                    lastSeqs.put(rs.getString("class_id"), rs.getLong("last_seq"));
                });
        return lastSeqs;
    }

    /** The seq of the class's last committed event, 0 when it has none. */
    public long lastSeq(String classId) {
        return jdbc.sql("select last_seq from class_event_counter where class_id = ?").param(classId)
                .query(Long.class).optional().orElse(0L);
    }

    /**
     * Creates the class's counter row if missing, in a transaction of its own: on PostgreSQL a
     * duplicate key would otherwise abort the caller's transaction.
     */
    private void ensureCounter(String classId) {
        if (classesWithCounter.contains(classId)) {
            return;
        }
        if (jdbc.sql("select count(*) from class_event_counter where class_id = ?").param(classId)
                .query(Integer.class).single() == 0) {
            try {
                newTransaction.executeWithoutResult(status -> jdbc
                        .sql("insert into class_event_counter (class_id, last_seq) values (?, 0)").param(classId).update());
            }
            catch (DuplicateKeyException createdMeanwhile) {
                // another request created it: as good as ours
            }
        }
        classesWithCounter.add(classId);
    }

    /**
     * Locks the class's counter row until the transaction ends. Changes to one class's attendance
     * take this lock first, so they see each other's committed rows; events are appended through it.
     */
    private LockedClass lockClass(String classId) {
        long lastSeq = jdbc.sql("select last_seq from class_event_counter where class_id = ? for update").param(classId)
                .query(Long.class).optional()
                .orElseThrow(() -> new IllegalStateException("No event counter for class " + classId));
        return new LockedClass(classId, lastSeq);
    }

    /**
     * Runs {@code work} in one transaction (joining the caller's, if any) that first locks the
     * class ({@link #lockClass}); creates the class's counter row beforehand if missing.
     */
    <T> T inLockedClass(String classId, Function<LockedClass, T> work) {
        ensureCounter(classId);
        return transaction.execute(status -> work.apply(lockClass(classId)));
    }

    /** A class's counter row, locked by the current transaction, and the last seq it holds. */
    static final class LockedClass {

        private final String classId;
        private long lastSeq;

        private LockedClass(String classId, long lastSeq) {
            this.classId = classId;
            this.lastSeq = lastSeq;
        }

        long lastSeq() {
            return lastSeq;
        }
    }

    /** Appends an event in the locking transaction and announces it; it is sent after the commit. */
    AttendanceEvent append(LockedClass locked, String type, Instant occurredAt, Consumer<ObjectNode> fields) {
        String classId = locked.classId;
        long seq = locked.lastSeq + 1;
        jdbc.sql("update class_event_counter set last_seq = ? where class_id = ?").params(seq, classId).update();
        locked.lastSeq = seq;
        Instant at = occurredAt.truncatedTo(ChronoUnit.MILLIS);
        ObjectNode body = json.createObjectNode();
        body.put("type", type);
        body.put("classId", classId);
        body.put("seq", seq);
        body.put("occurredAt", at.toString());
        fields.accept(body);
        String payload = json.writeValueAsString(body);
        jdbc.sql("insert into class_event (class_id, seq, type, payload, occurred_at) values (?, ?, ?, ?, ?)")
                .params(classId, seq, type, payload, OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
                .update();
        publisher.publishEvent(new AttendanceEventRecorded(classId, seq, payload));
        return AttendanceEvent.fromJson(body);
    }

}
