package com.attendancelive.realtime;

import com.attendancelive.attendance.ClassEventLog;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.springframework.util.ConcurrentLruCache;
import tools.jackson.databind.json.JsonMapper;

/**
 * The replay a subscriber joining with {@code after-seq} gets first ({@link ClassFeeds#join}): the
 * class's events after that seq up to the last one handed over, read from the database on the
 * replay threads a batch at a time, so live delivery to the others does not wait for it, and each
 * replayed message gives way to live ones ({@link LiveFirst}). Too far behind, or ahead
 * of the class, it gets a RESYNC instead.
 */
final class JoinReplay {

    private static final int REPLAY_BATCH = 200;
    /** At most this many batches are kept (about 4 MB at 300 bytes an event). */
    private static final int RECENT_BATCHES = 64;

    private final ClassEventLog events;
    private final JsonMapper mapper;
    private final Executor replayThreads;
    private final LiveFirst liveFirst;
    private final RealtimeProperties properties;
    private final Consumer<RuntimeException> databaseFailed;
    /**
     * Batches as they are sent, shared by the subscribers replaying the same stretch at about the same
     * time (a lecture hall reconnecting after the Wi-Fi dropped asks for the same events hundreds of
     * times): read and written once. Committed events never change, so a stretch's batch never does.
     */
    private final ConcurrentLruCache<Stretch, List<Replayed>> recentBatches =
            new ConcurrentLruCache<>(RECENT_BATCHES, this::read);

    /** Up to {@code limit} of a class's events after {@code afterSeq}. */
    private record Stretch(String classId, long afterSeq, int limit) {
    }

    private record Replayed(long seq, byte[] json) {
    }

    JoinReplay(ClassEventLog events, JsonMapper mapper, Executor replayThreads, LiveFirst liveFirst,
            RealtimeProperties properties, Consumer<RuntimeException> databaseFailed) {
        this.events = events;
        this.mapper = mapper;
        this.replayThreads = replayThreads;
        this.liveFirst = liveFirst;
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
            List<Replayed> batch = recentBatches.get(new Stretch(classId, at, (int) Math.min(REPLAY_BATCH, upTo - at)));
            if (batch.isEmpty()) {
                return;
            }
            for (Replayed event : batch) {
                liveFirst.yieldToLive();
                if (!subscriber.replayed(event.json())) {
                    return;
                }
                at = event.seq();
            }
        }
    }

    private List<Replayed> read(Stretch stretch) {
        return events.eventsAfter(stretch.classId(), stretch.afterSeq(), stretch.limit()).stream()
                .map(event -> new Replayed(event.seq(), mapper.writeValueAsBytes(event.json())))
                .toList();
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
