package com.attendancelive.realtime;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.messaging.support.ExecutorSubscribableChannel;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;
import org.springframework.util.function.SingletonSupplier;

/**
 * Replays give way to live events. A replayed message waits while live messages wait for the threads
 * that write to clients (the STOMP client outbound channel's and the plain route's): each session
 * queues one write there at a time, and only the two replay threads' sessions replay at once, so a
 * queue longer than {@link #LIVE_WAITING} holds live messages. The wait is bounded
 * ({@link #MAX_WAIT}), so that a replay still ends under a steady live load.
 */
@Component
class LiveFirst {

    static final int LIVE_WAITING = 16;
    private static final Duration MAX_WAIT = Duration.ofMillis(100);
    private static final long PAUSE_NANOS = Duration.ofMillis(1).toNanos();

    private final IntSupplier waitingWrites;
    private final long maxWaitNanos;

    /** The client outbound channel is looked up at the first replay, once: the channel needs this module's beans. */
    @Autowired
    LiveFirst(@Qualifier("clientOutboundChannel") ObjectProvider<ExecutorSubscribableChannel> stompOutbound,
            @Qualifier(EventDeliveryConfiguration.PLAIN_SEND_EXECUTOR) Executor plainSend) {
        this(waitingWrites(SingletonSupplier.of(() -> stompOutbound.getObject().getExecutor()), plainSend), MAX_WAIT);
    }

    LiveFirst(IntSupplier waitingWrites, Duration maxWait) {
        this.waitingWrites = waitingWrites;
        this.maxWaitNanos = maxWait.toNanos();
    }

    /** Before a replayed message: returns once no live message waits, or after the longest wait. */
    void yieldToLive() {
        long deadline = System.nanoTime() + maxWaitNanos;
        while (waitingWrites.getAsInt() > LIVE_WAITING && System.nanoTime() < deadline) {
            LockSupport.parkNanos(PAUSE_NANOS);
        }
    }

    private static IntSupplier waitingWrites(Supplier<Executor> stompWrites, Executor plainWrites) {
        return () -> queued(stompWrites.get()) + queued(plainWrites);
    }

    private static int queued(Executor executor) {
        return executor instanceof ThreadPoolTaskExecutor pool ? pool.getQueueSize() : 0;
    }
}
