package com.attendancelive.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** A replay goes out at the pace the client takes it: at most {@link Subscriber#REPLAY_WINDOW} messages unwritten. */
class SubscriberTest {

    /** Records what it was given; replayed messages count as written only when the test says so. */
    private static final class Recording extends Subscriber {

        final List<String> delivered = new CopyOnWriteArrayList<>();
        final List<Runnable> unwritten = new CopyOnWriteArrayList<>();

        Recording() {
            super(true);
        }

        @Override
        void deliver(Object payload, Object contentType) {
            delivered.add(new String((byte[]) payload, StandardCharsets.UTF_8));
        }

        @Override
        void deliverReplayed(byte[] json, Runnable written) {
            deliver(json, null);
            unwritten.add(written);
        }
    }

    @Test
    void aReplayWaitsWhileAWindowOfItsMessagesIsUnwrittenAndGoesOnAsTheyAreWritten() throws Exception {
        Recording subscriber = new Recording();
        for (int i = 0; i < Subscriber.REPLAY_WINDOW; i++) {
            assertThat(subscriber.replayed(("r" + i).getBytes(StandardCharsets.UTF_8))).isTrue();
        }
        CompletableFuture<Boolean> next = new CompletableFuture<>();
        Thread replaying = new Thread(() -> next.complete(subscriber.replayed("next".getBytes(StandardCharsets.UTF_8))));
        replaying.start();
        // Parked in the window's wait, not merely not yet run.
        Awaitility.await("the replay waits").atMost(Duration.ofSeconds(5))
                .until(() -> replaying.getState() == Thread.State.TIMED_WAITING || next.isDone());
        assertThat(next).as("the window is full: the replay waits").isNotDone();
        assertThat(subscriber.delivered).hasSize(Subscriber.REPLAY_WINDOW);

        subscriber.unwritten.remove(0).run();
        assertThat(next.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(subscriber.delivered).last().isEqualTo("next");
    }

    @Test
    void liveEventsHeldDuringTheReplayFollowItWithoutThoseItAlreadyHad() {
        Recording subscriber = new Recording();
        subscriber.offer("live-5".getBytes(StandardCharsets.UTF_8), null, 5L);
        subscriber.offer("live-6".getBytes(StandardCharsets.UTF_8), null, 6L);
        subscriber.replayed("replay-5".getBytes(StandardCharsets.UTF_8));
        subscriber.live(5);
        subscriber.offer("live-7".getBytes(StandardCharsets.UTF_8), null, 7L);
        assertThat(subscriber.delivered).containsExactly("replay-5", "live-6", "live-7");
    }
}
