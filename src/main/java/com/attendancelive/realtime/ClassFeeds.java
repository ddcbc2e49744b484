package com.attendancelive.realtime;

import com.attendancelive.attendance.AttendanceEvent;
import com.attendancelive.attendance.ClassEventLog;
import com.attendancelive.shared.Protocol;
import com.attendancelive.system.TimerLifecycle;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hands each class's events to this instance's subscribers exactly once and in seq order, whatever
 * order and however often they arrive: with {@link SimpMessagingTemplate}, to the class topic and to
 * the user queue of each student the event names ({@link LocalSubscribers} takes them from there).
 *
 * <p>Per class the instance keeps the last seq it handed over. An event at or below it is a repeat
 * and is dropped; the next one is handed over; one further ahead waits while the gap before it is
 * read from the database (after {@link #GAP_GRACE}, in case the missing event is only a
 * little late: two instances publishing one class's events race each other to the broker).
 * Writers of one class commit in seq order (the class's counter row lock), so an event that arrived
 * proves that every event before it is committed and can be read.
 *
 * <p>A poll every {@code attendance.realtime.fallback-poll} reads each class's last committed seq
 * and fills from the database whatever has not arrived: at once while the broker is away, and
 * otherwise what was committed before the previous poll (a broker message that was lost with no
 * later event to reveal the gap).
 *
 * <p>A subscriber that joins with {@code after-seq} ({@link #join}) first gets the class's events
 * after that seq up to the last one handed over, read from the database off the class's tasks, so
 * live delivery to the others does not wait for it; the live events that come meanwhile wait for
 * it, and follow. Too far behind, or ahead of the class, it gets a RESYNC instead ({@link JoinReplay}).
 *
 * <p>Everything about one class runs as one class's {@link SerialTasks}: events, fills, polls and
 * joins of a class never run at the same time, and no lock is held across the database.
 */
@Component
class ClassFeeds extends TimerLifecycle {

    /** Starts before the broker connection ({@link BrokerLink#PHASE}) and the web server. */
    static final int PHASE = 0;
    static final Duration GAP_GRACE = Duration.ofMillis(50);
    private static final int BATCH = 500;
    /** Events held past a gap per class; beyond it they are dropped and read again from the database. */
    private static final int MAX_AHEAD = 10_000;

    private static final Logger log = LoggerFactory.getLogger(ClassFeeds.class);

    private final ClassEventLog events;
    private final LocalHandOver handOver;
    private final JoinReplay joinReplay;
    private final JsonMapper mapper;
    private final Executor deliveryThreads;
    private final RealtimeProperties properties;
    private final Map<String, Feed> feeds = new ConcurrentHashMap<>();
    private final AtomicBoolean brokerConnected = new AtomicBoolean(true);
    private final AtomicBoolean databaseFailing = new AtomicBoolean();
    private final AtomicLong repeatsDropped = new AtomicLong();
    private final AtomicLong filledFromDatabase = new AtomicLong();

    ClassFeeds(ClassEventLog events, SimpMessagingTemplate messaging, JsonMapper mapper,
            @Qualifier(AttendanceEventDelivery.EXECUTOR) Executor deliveryThreads,
            @Qualifier(EventDeliveryConfiguration.REPLAY_EXECUTOR) Executor replayThreads, RealtimeProperties properties,
            LiveFirst liveFirst) {
        super("attendance-fallback-poll");
        this.events = events;
        this.handOver = new LocalHandOver(messaging);
        this.joinReplay = new JoinReplay(events, mapper, replayThreads, liveFirst, properties, this::databaseFailed);
        this.mapper = mapper;
        this.deliveryThreads = deliveryThreads;
        this.properties = properties;
    }

    /** A subscriber joining a class's live events with a replay. */
    interface Joiner {

        /** One replayed event, in seq order; false when the subscriber takes no more (it is not reading). */
        boolean replayed(byte[] json);

        /** From now on: the live events after {@code handedOverUpTo}, the held ones first. */
        void live(long handedOverUpTo);
    }

    /**
     * {@code subscriber} holds live events from now on; it gets the class's events after
     * {@code afterSeq}, or a RESYNC, and then those live events. On the class's tasks.
     */
    void join(String classId, long afterSeq, Joiner subscriber) {
        Feed feed = feed(classId);
        feed.tasks.execute(() -> feed.join(afterSeq, subscriber));
    }

    /**
     * An event as it travels, from the broker or from this instance's own commit.
     *
     * @throws IllegalArgumentException when {@code json} is not an attendance event of a class
     *                                  (its class id outside the identifier grammar)
     */
    void accept(byte[] json) {
        AttendanceEvent event = AttendanceEvent.fromJson(mapper.readTree(json));
        if (!Protocol.IDENTIFIER.matcher(event.classId()).matches()) {
            throw new IllegalArgumentException("its class id is not one");
        }
        Feed feed = feed(event.classId());
        LiveEvent live = new LiveEvent(event, json, mapper);
        feed.tasks.execute(() -> feed.offer(live));
    }

    /**
     * While the broker is away the poll reads everything committed; when it is back, whatever was
     * committed meanwhile is read at once, since it may have passed the broker before this instance
     * subscribed again.
     */
    void brokerConnected(boolean connected) {
        if (brokerConnected.getAndSet(connected) != connected && connected) {
            timer.execute(() -> pollSafely(true));
        }
    }

    long repeatsDropped() {
        return repeatsDropped.get();
    }

    long filledFromDatabase() {
        return filledFromDatabase.get();
    }

    private Feed feed(String classId) {
        // A class unknown at start had no events then: all of them are new to this instance.
        return feeds.computeIfAbsent(classId, id -> new Feed(id, 0));
    }

    private void poll() {
        pollSafely(!brokerConnected.get());
    }

    private void pollSafely(boolean everything) {
        Map<String, Long> latest;
        try {
            latest = events.lastSeqOfEveryClass();
        }
        catch (RuntimeException ex) {
            databaseFailed(ex);
            return;
        }
        latest.forEach((classId, last) -> {
            Feed feed = feed(classId);
            long previous = feed.latestAtPreviousPoll;
            feed.latestAtPreviousPoll = last;
            long target = everything ? last : Math.min(previous, last);
            if (feed.delivered < target) {
                feed.tasks.execute(() -> feed.fillUpTo(target));
            }
        });
    }

    private void databaseFailed(RuntimeException ex) {
        if (databaseFailing.compareAndSet(false, true)) {
            log.warn("Reading attendance events from the database failed; retrying every {}: {}",
                    properties.fallbackPoll(), ex.toString());
        }
    }

    /** One class's delivery state: confined to its tasks, but for the two fields the poll reads. */
    private final class Feed {

        final String classId;
        final SerialTasks tasks = new SerialTasks(deliveryThreads);
        final TreeMap<Long, LiveEvent> ahead = new TreeMap<>();
        /** Written by the class's tasks only; the poll's thread reads it. */
        volatile long delivered;
        boolean gapCheckScheduled;
        /** Only the poll's thread uses it. */
        long latestAtPreviousPoll;

        Feed(String classId, long delivered) {
            this.classId = classId;
            this.delivered = delivered;
            this.latestAtPreviousPoll = delivered;
        }

        void offer(LiveEvent event) {
            if (event.seq() <= delivered) {
                repeatsDropped.incrementAndGet();
            }
            else if (event.seq() == delivered + 1) {
                handOver(event);
                handOverAhead();
            }
            else {
                if (ahead.size() < MAX_AHEAD) {
                    ahead.put(event.seq(), event);
                }
                scheduleGapCheck();
            }
        }

        void join(long afterSeq, Joiner subscriber) {
            joinReplay.join(classId, delivered, afterSeq, subscriber, tasks);
        }

        void fillUpTo(long target) {
            try {
                while (delivered < target) {
                    List<AttendanceEvent> batch = events.eventsAfter(classId, delivered,
                            (int) Math.min(BATCH, target - delivered));
                    if (batch.isEmpty() || batch.get(0).seq() != delivered + 1) {
                        break;
                    }
                    for (AttendanceEvent event : batch) {
                        LiveEvent held = ahead.remove(event.seq());
                        handOver(held != null ? held : LiveEvent.of(event, mapper));
                        if (held == null) {
                            filledFromDatabase.incrementAndGet();
                        }
                    }
                }
                databaseFailing.set(false);
            }
            catch (RuntimeException ex) {
                databaseFailed(ex); // the next poll tries again
            }
            handOverAhead();
        }

        private void scheduleGapCheck() {
            if (gapCheckScheduled || !timer.isRunning()) {
                return;
            }
            gapCheckScheduled = true;
            timer.after(GAP_GRACE, () -> tasks.execute(() -> {
                gapCheckScheduled = false;
                if (!ahead.isEmpty()) {
                    fillUpTo(ahead.firstKey() - 1);
                }
            }));
        }

        private void handOverAhead() {
            while (!ahead.isEmpty() && ahead.firstKey() <= delivered + 1) {
                LiveEvent next = ahead.pollFirstEntry().getValue();
                if (next.seq() == delivered + 1) {
                    handOver(next);
                }
                else {
                    repeatsDropped.incrementAndGet();
                }
            }
        }

        /** Counts as handed over even if sending fails: a subscriber that missed it must not get it later, out of order. */
        private void handOver(LiveEvent event) {
            delivered = event.seq();
            handOver.send(classId, event);
        }
    }

    @Override
    public void start() {
        events.lastSeqOfEveryClass().forEach((classId, last) -> feeds.put(classId, new Feed(classId, last)));
        timer.start();
        timer.every(properties.fallbackPoll(), this::poll);
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
