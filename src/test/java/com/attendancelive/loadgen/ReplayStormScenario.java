package com.attendancelive.loadgen;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
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

    private ReplayStormScenario() {
    }

    static Figures run(Target target, Options options) throws Exception {
        Figures figures = new Figures("replay", target.name());
        if (!(target instanceof Target.AppTarget app)) {
            figures.note("not applicable: replay on SUBSCRIBE is the application's");
            return figures;
        }
        String live = FanOutScenario.DESTINATION;
        Recorder latency = new Recorder(3);
        AtomicLong received = new AtomicLong();
        // How many of the replaying sessions connect at once: all of them unless replayConnectWindow says fewer.
        int connectWindow = options.replayConnectWindow() > 0 ? options.replayConnectWindow() : options.replaySubscribers();
        ReplayClients.Child child = null;
        try (Sessions watching = Sessions.open(target, options.subscribers(), options.connectWindow(), live, body -> {
            latency.recordValue(Math.max(0, Payloads.ageMicros(body)));
            received.incrementAndGet();
        })) {
            long subscribers = Sessions.warmUp(target, live, received, options.subscribers() - watching.failures,
                    options.messageSize());
            figures.put("live subscribers", subscribers);
            if (options.replayJvm()) {
                // Started now, so that its start is over before anything is measured.
                child = ReplayClients.Child.start(app, options, connectWindow);
            }
            // The instance read the seeded log at start, or reads it by its fallback poll within two periods.
            Thread.sleep(7_000);
            if (child != null) {
                child.awaitReady();
            }

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
            Replays replaying = null;
            try {
                Replays.Result replays = null;
                if (child != null) {
                    replays = child.storm(); // counted when the replays were done, in the child
                }
                else {
                    replaying = Replays.open(target, options.replaySubscribers(), connectWindow, options.replayEvents(), i -> null);
                    replaying.awaitDone(Duration.ofSeconds(120));
                }
                FanOutScenario.awaitDeliveries(received, (long) messages * subscribers, Duration.ofSeconds(seconds + 30));
                Histogram during = latency.getIntervalHistogram();
                if (replaying != null) {
                    replays = replaying.result(); // counted after the live stream, sessions still open
                }
                put(figures, options, replays, received.get(), (long) messages * subscribers, during,
                        watching.closedByServer.get());
                if (child != null) {
                    figures.note("replaying clients: a JVM of their own (replayJvm=true; log " + child.log().getFileName()
                            + "), the live ones in the generator's");
                }
            }
            finally {
                if (replaying != null) {
                    replaying.close();
                }
            }
        }
        finally {
            if (child != null) {
                child.close();
            }
        }
        return figures;
    }

    private static void put(Figures figures, Options options, Replays.Result replays, long liveReceived, long liveExpected,
            Histogram during, int liveClosedByServer) {
        int events = options.replayEvents();
        figures.put("replaying sessions", replays.sessions())
                .put("events replayed each", events)
                .put("replays complete", replays.complete())
                .put("replayed messages received (expected " + (long) events * options.replaySubscribers() + ")", replays.received())
                .put("replayed out of order or repeated", replays.outOfOrder())
                .put("all replays done after s", replays.doneSeconds())
                .put("replayed messages/s", replays.received() / replays.doneSeconds())
                .latency("replay complete after", replays.replayComplete())
                .put("live deliveries during (expected " + liveExpected + ")", liveReceived)
                .latency("live latency during the storm", during)
                .put("sessions closed by server", liveClosedByServer + replays.closedByServer());
        replays.errors().stream().limit(5).forEach(e -> figures.note("replay client error: " + e));
    }
}
