package com.attendancelive.loadgen;

import com.attendancelive.support.TextFrames;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;

/**
 * Many STOMP sessions, each connected and subscribed to one destination with a RECEIPT: a session
 * counts once the broker confirmed its subscription.
 */
final class Sessions implements AutoCloseable {

    final List<StompSession> open = Collections.synchronizedList(new ArrayList<>());
    final Histogram connectMicros;
    final int failures;
    final long elapsedNanos;
    final AtomicInteger closedByServer;
    final List<String> errors;

    private Sessions(Histogram connectMicros, int failures, long elapsedNanos, AtomicInteger closedByServer, List<String> errors) {
        this.connectMicros = connectMicros;
        this.failures = failures;
        this.elapsedNanos = elapsedNanos;
        this.closedByServer = closedByServer;
        this.errors = errors;
    }

    /** Opens {@code count} sessions, at most {@code window} connecting at once; each message body goes to {@code onMessage}. */
    static Sessions open(Target target, int count, int window, String destination, Consumer<String> onMessage)
            throws InterruptedException {
        return open(target, count, window, i -> destination, i -> null, i -> onMessage);
    }

    /**
     * Opens {@code count} sessions; session {@code i} signs in with {@code token.apply(i)} (null: the
     * target's default user), subscribes to {@code destination.apply(i)} and hands its messages to
     * {@code onMessage.apply(i)}.
     */
    static Sessions open(Target target, int count, int window, IntFunction<String> destinations, IntFunction<String> tokens,
            IntFunction<Consumer<String>> consumers) throws InterruptedException {
        return open(target, count, window, destinations, tokens, consumers, Map.of());
    }

    /** The same, each SUBSCRIBE also carrying {@code subscribeHeaders} (for example {@code after-seq}). */
    static Sessions open(Target target, int count, int window, IntFunction<String> destinations, IntFunction<String> tokens,
            IntFunction<Consumer<String>> consumers, Map<String, String> subscribeHeaders) throws InterruptedException {
        Semaphore inFlight = new Semaphore(window);
        CountDownLatch done = new CountDownLatch(count);
        Recorder connect = new Recorder(3);
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger closedByServer = new AtomicInteger();
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        List<StompSession> opened = Collections.synchronizedList(new ArrayList<>());
        String[] sessionTokens = new String[count];
        for (int i = 0; i < count; i++) {
            sessionTokens[i] = target.sessionToken(tokens.apply(i));
        }
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            inFlight.acquire();
            long began = System.nanoTime();
            Runnable fail = () -> {
                failed.incrementAndGet();
                inFlight.release();
                done.countDown();
            };
            Handler handler = new Handler(closedByServer, errors);
            String destination = destinations.apply(i);
            Consumer<String> onMessage = consumers.apply(i);
            target.connect(handler, sessionTokens[i]).whenComplete((session, error) -> {
                if (error != null) {
                    note(errors, "connect: " + error);
                    fail.run();
                    return;
                }
                opened.add(session);
                StompHeaders headers = new StompHeaders();
                headers.setDestination(destination);
                headers.setReceipt(UUID.randomUUID().toString());
                subscribeHeaders.forEach(headers::set);
                try {
                    StompSession.Subscription subscription = session.subscribe(headers, TextFrames.handler(onMessage));
                    Runnable subscribed = () -> {
                        connect.recordValue(Math.max(1, (System.nanoTime() - began) / 1_000));
                        inFlight.release();
                        done.countDown();
                    };
                    subscription.addReceiptTask(subscribed);
                    subscription.addReceiptLostTask(() -> {
                        note(errors, "no RECEIPT for SUBSCRIBE");
                        fail.run();
                    });
                }
                catch (RuntimeException ex) {
                    note(errors, "subscribe: " + ex);
                    fail.run();
                }
            });
        }
        if (!done.await(Math.max(120, count / 20), TimeUnit.SECONDS)) {
            errors.add("timed out with " + done.getCount() + " sessions pending");
        }
        long elapsed = System.nanoTime() - start;
        Sessions sessions = new Sessions(connect.getIntervalHistogram(), failed.get() + (int) done.getCount(), elapsed,
                closedByServer, errors);
        sessions.open.addAll(opened);
        return sessions;
    }

    /**
     * Publishes one message and waits until {@code expected} sessions got it: proof that the
     * subscriptions are active (the simple broker confirms none with a RECEIPT). Returns how many did.
     */
    static long warmUp(Target target, String destination, AtomicLong received, long expected, int size)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30 + expected / 500);
        long reached = 0;
        // Without a RECEIPT (simple broker) a subscription may not be active yet when the first
        // warm-up message goes out: publish again until one message reaches every session.
        while (reached < expected && System.nanoTime() < deadline) {
            long before = received.get();
            target.publish(destination, 1, 0, size);
            long roundEnd = Math.min(deadline, System.nanoTime() + TimeUnit.SECONDS.toNanos(3 + expected / 500));
            while (received.get() - before < expected && System.nanoTime() < roundEnd) {
                Thread.sleep(20);
            }
            Thread.sleep(200);
            reached = Math.min(received.get() - before, expected);
        }
        return reached;
    }

    private static void note(List<String> errors, String error) {
        if (errors.size() < 20) {
            errors.add(error);
        }
    }

    int connected() {
        int n = 0;
        synchronized (open) {
            for (StompSession session : open) {
                if (session.isConnected()) {
                    n++;
                }
            }
        }
        return n;
    }

    @Override
    public void close() {
        synchronized (open) {
            for (StompSession session : open) {
                try {
                    if (session.isConnected()) {
                        session.disconnect();
                    }
                }
                catch (RuntimeException alreadyGone) {
                    // closing anyway
                }
            }
        }
    }

    /** Counts sessions the server ended and keeps the first few errors. */
    private static final class Handler extends StompSessionHandlerAdapter {

        private final AtomicInteger closedByServer;
        private final List<String> errors;

        Handler(AtomicInteger closedByServer, List<String> errors) {
            this.closedByServer = closedByServer;
            this.errors = errors;
        }

        @Override
        public void handleTransportError(StompSession session, Throwable exception) {
            closedByServer.incrementAndGet();
            note(errors, "transport: " + exception);
        }

        @Override
        public void handleException(StompSession session, StompCommand command, StompHeaders headers, byte[] payload,
                Throwable exception) {
            note(errors, "frame: " + exception);
        }

        @Override
        public void handleFrame(StompHeaders headers, Object payload) {
            note(errors, "ERROR frame: " + headers.getFirst("message"));
        }
    }
}
