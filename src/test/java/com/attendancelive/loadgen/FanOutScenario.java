package com.attendancelive.loadgen;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Scenario 2: one class topic with S subscribers. Paced: M messages at R per second (after the same
 * rate for the warm-up seconds, unmeasured), latency from the publisher's send to each subscriber's
 * receipt. Burst: B messages back to back, deliveries per second until the last one arrived (the
 * throughput ceiling).
 */
final class FanOutScenario {

    static final String DESTINATION = "/topic/attendance/cs101";

    private FanOutScenario() {
    }

    static Figures run(Target target, Options options) throws Exception {
        Figures figures = new Figures("fanout", target.name());
        Recorder latency = new Recorder(3);
        AtomicLong received = new AtomicLong();
        AtomicLong lastReceipt = new AtomicLong();
        try (Sessions sessions = Sessions.open(target, options.subscribers(), options.connectWindow(), DESTINATION, body -> {
            latency.recordValue(Math.max(0, Payloads.ageMicros(body)));
            received.incrementAndGet();
            lastReceipt.set(System.nanoTime());
        })) {
            long subscribers = Sessions.warmUp(target, DESTINATION, received, options.subscribers() - sessions.failures,
                    options.messageSize());
            figures.put("subscribers", subscribers);
            sessions.errors.stream().limit(5).forEach(e -> figures.note("client error: " + e));

            if (options.warmupSeconds() > 0) {
                // The paced load first, unmeasured, so the JIT has compiled the path (docs/benchmarks.md).
                int warmup = (int) Math.ceil(options.fanoutRate() * options.warmupSeconds());
                received.set(0);
                // publish returns at once and the messages go out at the rate: wait for all of them
                target.publish(DESTINATION, warmup, options.fanoutRate(), options.messageSize());
                awaitDeliveries(received, (long) warmup * subscribers, Duration.ofSeconds(options.warmupSeconds() + 30));
                figures.put("warm-up deliveries received", received.get());
            }

            // Paced.
            long expected = (long) options.fanoutMessages() * subscribers;
            latency.reset();
            received.set(0);
            long start = System.nanoTime();
            target.publish(DESTINATION, options.fanoutMessages(), options.fanoutRate(), options.messageSize());
            awaitDeliveries(received, expected, Duration.ofSeconds((long) (options.fanoutMessages() / options.fanoutRate()) + 30));
            Histogram paced = latency.getIntervalHistogram();
            figures.put("paced messages/s", options.fanoutRate())
                    .put("paced deliveries expected", expected)
                    .put("paced deliveries received", received.get())
                    .put("paced deliveries/s", received.get() / ((lastReceipt.get() - start) / 1e9))
                    .latency("paced latency", paced);

            // Burst.
            expected = (long) options.burstMessages() * subscribers;
            received.set(0);
            start = System.nanoTime();
            target.publish(DESTINATION, options.burstMessages(), 0, options.messageSize());
            awaitDeliveries(received, expected, Duration.ofSeconds(60 + expected / 2_000));
            Histogram burst = latency.getIntervalHistogram();
            figures.put("burst deliveries expected", expected)
                    .put("burst deliveries received", received.get())
                    .put("burst deliveries/s", received.get() / ((lastReceipt.get() - start) / 1e9))
                    .latency("burst latency", burst)
                    .put("sessions closed by server", sessions.closedByServer.get());
        }
        return figures;
    }

    static void awaitDeliveries(AtomicLong received, long expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long last = -1;
        long quietSince = System.nanoTime();
        while (received.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
            long now = received.get();
            if (now != last) {
                last = now;
                quietSince = System.nanoTime();
            }
            else if (now > 0 && System.nanoTime() - quietSince > Duration.ofSeconds(10).toNanos()) {
                return; // nothing more for 10 s: the rest is lost
            }
        }
    }
}
