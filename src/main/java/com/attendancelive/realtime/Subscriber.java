package com.attendancelive.realtime;

import java.util.ArrayList;
import java.util.List;
import org.springframework.util.MimeTypeUtils;

/**
 * A subscription. One that joins with {@code after-seq} holds the live events that come while its
 * replay is sent, and sends those after the replay ({@link ClassFeeds.Joiner}).
 */
abstract class Subscriber implements ClassFeeds.Joiner {

    private record Held(Object payload, Object contentType, Long seq) {
    }

    private List<Held> held;
    private long skipThrough;

    Subscriber(boolean joining) {
        this.held = joining ? new ArrayList<>() : null;
    }

    /** One message to the client, in the order of the calls. */
    abstract void deliver(Object payload, Object contentType);

    void offer(Object payload, Object contentType, Long seq) {
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
    public void replayed(byte[] json) {
        deliver(json, MimeTypeUtils.APPLICATION_JSON);
    }

    @Override
    public void live(long handedOverUpTo) {
        List<Held> waiting;
        synchronized (this) {
            skipThrough = handedOverUpTo;
            waiting = held == null ? List.of() : held;
            held = null;
        }
        for (Held event : waiting) {
            if (event.seq() == null || event.seq() > handedOverUpTo) {
                deliver(event.payload(), event.contentType());
            }
        }
    }
}
