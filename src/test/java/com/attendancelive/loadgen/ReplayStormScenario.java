package com.attendancelive.loadgen;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Scenario 4, a lecture hall reconnecting after the Wi-Fi dropped: S subscribers of one class
 * receive a paced stream (the fan-out scenario's rate, after its warm-up); after a quiet measured window, R more
 * sessions subscribe to another class with {@code after-seq:0} at once, each replaying that class's
 * log of E events from the database while the stream goes on. The figures: the live stream's
 * latency before and during the storm (the storm must not slow it), how long each replay took, and
 * whether every replaying session got exactly 1..E in order.
 */
final class ReplayStormScenario {

    private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");

    private ReplayStormScenario() {
    }

    static Figures run(Target target, Options options) throws Exception {
        Figures figures = new Figures("replay", target.name());
        if (!(target instanceof Target.AppTarget)) {
            figures.note("not applicable: replay on SUBSCRIBE is the application's");
            return figures;
        }
        String live = FanOutScenario.DESTINATION;
        Recorder latency = new Recorder(3);
        AtomicLong received = new AtomicLong();
        try (Sessions watching = Sessions.open(target, options.subscribers(), options.connectWindow(), live, body -> {
            latency.recordValue(Math.max(0, Payloads.ageMicros(body)));
            received.incrementAndGet();
        })) {
            long subscribers = Sessions.warmUp(target, live, received, options.subscribers() - watching.failures,
                    options.messageSize());
            figures.put("live subscribers", subscribers);
            // The instance read the seeded log at start, or reads it by its fallback poll within two periods.
            Thread.sleep(7_000);

            int seconds = Math.max(10, options.fanoutMessages() / (int) Math.max(1, options.fanoutRate()));
            int messages = (int) (options.fanoutRate() * seconds);
            if (options.warmupSeconds() > 0) {
                // Unmeasured, so that the JIT has compiled the path, as in the fan-out scenario.
                int warmup = (int) Math.ceil(options.fanoutRate() * options.warmupSeconds());
                received.set(0);
                target.publish(live, warmup, options.fanoutRate(), options.messageSize());
                FanOutScenario.awaitDeliveries(received, (long) warmup * subscribers, Duration.ofSeconds(options.warmupSeconds() + 30));
            }
            latency.reset();
            received.set(0);
            target.publish(live, messages, options.fanoutRate(), options.messageSize());
            FanOutScenario.awaitDeliveries(received, (long) messages * subscribers, Duration.ofSeconds(seconds + 30));
            Histogram before = latency.getIntervalHistogram();
            figures.put("live messages/s", options.fanoutRate())
                    .put("live deliveries before (expected " + (long) messages * subscribers + ")", received.get())
                    .latency("live latency before the storm", before);

            received.set(0);
            target.publish(live, messages, options.fanoutRate(), options.messageSize());
            Thread.sleep(1_000);
            int events = options.replayEvents();
            Map<Integer, long[]> progress = new ConcurrentHashMap<>(); // session: last seq, count, out of order, done at
            AtomicLong complete = new AtomicLong();
            Recorder replayTime = new Recorder(3);
            long stormStart = System.nanoTime();
            // How many of the replaying sessions connect at once: all of them unless replayConnectWindow says fewer.
            int connectWindow = options.replayConnectWindow() > 0 ? options.replayConnectWindow() : options.replaySubscribers();
            try (Sessions replaying = Sessions.open(target, options.replaySubscribers(), connectWindow,
                    i -> "/topic/attendance/" + LoadgenData.REPLAY_CLASS, i -> null, i -> body -> {
                        long[] state = progress.computeIfAbsent(i, key -> new long[4]);
                        Matcher seq = SEQ.matcher(body);
                        long value = seq.find() ? Long.parseLong(seq.group(1)) : -1;
                        synchronized (state) {
                            if (value != state[0] + 1) {
                                state[2]++;
                            }
                            state[0] = value;
                            if (++state[1] == events) {
                                replayTime.recordValue((System.nanoTime() - stormStart) / 1_000);
                                complete.incrementAndGet();
                            }
                        }
                    }, Map.of("after-seq", "0"))) {
                long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                while (complete.get() < options.replaySubscribers() - replaying.failures && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                double stormSeconds = (System.nanoTime() - stormStart) / 1e9;
                FanOutScenario.awaitDeliveries(received, (long) messages * subscribers, Duration.ofSeconds(seconds + 30));
                Histogram during = latency.getIntervalHistogram();
                long outOfOrder = progress.values().stream().mapToLong(state -> state[2]).sum();
                long replayed = progress.values().stream().mapToLong(state -> state[1]).sum();
                figures.put("replaying sessions", options.replaySubscribers() - replaying.failures)
                        .put("events replayed each", events)
                        .put("replays complete", complete.get())
                        .put("replayed messages received (expected " + (long) events * options.replaySubscribers() + ")", replayed)
                        .put("replayed out of order or repeated", outOfOrder)
                        .put("all replays done after s", stormSeconds)
                        .put("replayed messages/s", replayed / stormSeconds)
                        .latency("replay complete after", replayTime.getIntervalHistogram())
                        .put("live deliveries during (expected " + (long) messages * subscribers + ")", received.get())
                        .latency("live latency during the storm", during)
                        .put("sessions closed by server", watching.closedByServer.get() + replaying.closedByServer.get());
                replaying.errors.stream().limit(5).forEach(e -> figures.note("replay client error: " + e));
            }
        }
        return figures;
    }
}
