package com.attendancelive.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A replayed message waits while live writes wait, and no longer than the longest wait. */
class LiveFirstTest {

    @Test
    void withNoLiveWritesWaitingAReplayGoesOnAtOnce() {
        AtomicInteger looks = new AtomicInteger();
        LiveFirst liveFirst = new LiveFirst(() -> {
            looks.incrementAndGet();
            return LiveFirst.LIVE_WAITING; // what replays alone can queue
        }, Duration.ofSeconds(10));
        liveFirst.yieldToLive();
        assertThat(looks).hasValue(1);
    }

    @Test
    void aReplayWaitsUntilTheLiveWritesAreDone() {
        AtomicInteger looks = new AtomicInteger();
        LiveFirst liveFirst = new LiveFirst(() -> looks.incrementAndGet() <= 5 ? 1_000 : 3, Duration.ofSeconds(10));
        liveFirst.yieldToLive();
        assertThat(looks).hasValue(6);
    }

    @Test
    void underASteadyLiveLoadAReplayWaitsNoLongerThanTheLongestWait() {
        LiveFirst liveFirst = new LiveFirst(() -> 1_000, Duration.ofMillis(50));
        long start = System.nanoTime();
        liveFirst.yieldToLive();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(50), Duration.ofSeconds(10));
    }
}
