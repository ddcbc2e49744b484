package com.attendancelive.realtime;

import com.attendancelive.attendance.AttendanceEvent;
import com.attendancelive.attendance.ClassEventLog;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import tools.jackson.databind.json.JsonMapper;

/**
 * The replay a subscriber joining with {@code after-seq} gets first ({@link ClassFeeds#join}): the
 * class's events after that seq up to the last one handed over, read from the database on the
 * replay threads, one batch in memory at a time, so live delivery to the others does not wait for
 * it. Too far behind, or ahead of the class, it gets a RESYNC instead.
 */
final class JoinReplay {

    private static final int REPLAY_BATCH = 200;

    private final ClassEventLog events;
    private final JsonMapper mapper;
    private final Executor replayThreads;
    private final RealtimeProperties properties;
    private final Consumer<RuntimeException> databaseFailed;

    JoinReplay(ClassEventLog events, JsonMapper mapper, Executor replayThreads, RealtimeProperties properties,
            Consumer<RuntimeException> databaseFailed) {
        this.events = events;
        this.mapper = mapper;
        this.replayThreads = replayThreads;
        this.properties = properties;
        this.databaseFailed = databaseFailed;
    }

    /**
     * On the class's {@code tasks}, with {@code upTo} the class's last event handed over: replays,
     * then tells the subscriber to go live (back on the class's tasks).
     */
    void join(String classId, long upTo, long afterSeq, ClassFeeds.Joiner subscriber, SerialTasks tasks) {
        if (afterSeq >= upTo) {
            long latest = Math.max(upTo, lastCommitted(classId, upTo));
            if (afterSeq > latest) {
                subscriber.replayed(resync(classId, latest));
                subscriber.live(latest);
            }
            else {
                subscriber.live(afterSeq); // what is still to come is live anyway
            }
            return;
        }
        if (upTo - afterSeq > properties.replayLimit()) {
            subscriber.replayed(resync(classId, upTo));
            subscriber.live(upTo);
            return;
        }
        replayThreads.execute(() -> {
            try {
                replay(classId, afterSeq, upTo, subscriber);
            }
            catch (RuntimeException ex) {
                databaseFailed.accept(ex);
                subscriber.replayed(resync(classId, upTo));
            }
            tasks.execute(() -> subscriber.live(upTo));
        });
    }

    /** Off the class's tasks: one batch in memory at a time. */
    private void replay(String classId, long afterSeq, long upTo, ClassFeeds.Joiner subscriber) {
        long at = afterSeq;
        while (at < upTo) {
            List<AttendanceEvent> batch = events.eventsAfter(classId, at, (int) Math.min(REPLAY_BATCH, upTo - at));
            if (batch.isEmpty()) {
                return;
            }
            for (AttendanceEvent event : batch) {
                if (!subscriber.replayed(mapper.writeValueAsBytes(event.json()))) {
                    return;
                }
                at = event.seq();
            }
        }
    }

    private long lastCommitted(String classId, long delivered) {
        try {
            return events.lastSeq(classId);
        }
        catch (RuntimeException ex) {
            databaseFailed.accept(ex);
            return delivered;
        }
    }

    private static byte[] resync(String classId, long latest) {
        return ("{\"type\":\"RESYNC\",\"classId\":\"" + classId + "\",\"seq\":" + latest + "}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
