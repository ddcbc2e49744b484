package com.attendancelive.realtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A subscription. One that joins with {@code after-seq} holds the live events that come while its
 * replay is sent, and sends those after the replay ({@link ClassFeeds.Joiner}).
 *
 * <p>A replay goes out at the pace the client takes it: at most {@link #REPLAY_WINDOW} replayed
 * messages not yet written to it at a time, so that a lecture hall replaying at once does not queue
 * hundreds of thousands of messages before the live events of everyone else. A client that takes
 * none for {@link #REPLAY_STALL} is not reading: it gets nothing more (its slow-client limits close it).
 */
abstract class Subscriber implements ClassFeeds.Joiner {

    static final int REPLAY_WINDOW = 64;
    static final Duration REPLAY_STALL = Duration.ofSeconds(10);

    private record Held(Object payload, Object contentType, Long seq) {
    }

    private List<Held> held;
    private long skipThrough;
    private final Semaphore replayWindow = new Semaphore(REPLAY_WINDOW);
    private volatile boolean abandoned;

    Subscriber(boolean joining) {
        this.held = joining ? new ArrayList<>() : null;
    }

    /** One message to the client, in the order of the calls. */
    abstract void deliver(Object payload, Object contentType);

    /** A replayed message; {@code written} runs once it has been written to the client (or dropped). */
    abstract void deliverReplayed(byte[] json, Runnable written);

    void offer(Object payload, Object contentType, Long seq) {
        if (abandoned) {
            return;
        }
        synchronized (this) {
            if (held != null) {
                held.add(new Held(payload, contentType, seq));
                return;
            }
        }
        if (seq == null || seq > skipThrough) {
            deliver(payload, contentType);
        }
    }

    @Override
    public boolean replayed(byte[] json) {
        if (abandoned) {
            return false;
        }
        try {
            if (!replayWindow.tryAcquire(REPLAY_STALL.toMillis(), TimeUnit.MILLISECONDS)) {
                abandoned = true;
                return false;
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
        deliverReplayed(json, replayWindow::release);
        return true;
    }

    @Override
    public void live(long handedOverUpTo) {
        List<Held> waiting;
        synchronized (this) {
            skipThrough = handedOverUpTo;
            waiting = held == null || abandoned ? List.of() : held;
            held = null;
        }
        for (Held event : waiting) {
            if (event.seq() == null || event.seq() > handedOverUpTo) {
                deliver(event.payload(), event.contentType());
            }
        }
    }
}
