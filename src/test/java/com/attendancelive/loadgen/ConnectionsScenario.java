package com.attendancelive.loadgen;

import com.attendancelive.support.ChildJvm;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scenario 1: N authenticated sessions, each subscribed to a class topic (and P more on the plain
 * WebSocket route of that class, {@code plainSessions}). Connect rate, memory per
 * session (live heap after a full GC, and RSS) of every process of the system, file descriptors,
 * proof that every session receives (again after {@code holdSeconds}), what is left once they all
 * disconnect, and how long the instance takes to shut down holding them all again.
 */
final class ConnectionsScenario {

    static final String DESTINATION = "/topic/attendance/cs101";

    private ConnectionsScenario() {
    }

    static Figures run(Target target, Options options) throws Exception {
        Figures figures = new Figures("connections", target.name());
        long heapBefore = 0;
        long rssBefore = 0;
        long fdsBefore = 0;
        for (ChildJvm process : target.processes()) {
            heapBefore += process.liveHeapBytes();
            rssBefore += process.rssBytes();
            fdsBefore += process.openFiles();
        }
        AtomicLong received = new AtomicLong();
        Sessions sessions = Sessions.open(target, options.sessions(), options.connectWindow(), DESTINATION,
                body -> received.incrementAndGet());
        PlainSessions plain = target instanceof Target.AppTarget app && options.plainSessions() > 0
                ? PlainSessions.open(app, options.plainSessions(), options.connectWindow(), "cs101", body -> received.incrementAndGet())
                : null;
        int connected = options.sessions() - sessions.failures + (plain == null ? 0 : plain.connected());
        if (plain != null) {
            figures.put("plain route sessions open", plain.connected())
                    .put("plain route sessions failed", plain.failures.get())
                    .put("plain route connect rate /s", plain.connected() / (plain.elapsedNanos / 1e9));
        }
        figures.put("sessions subscribed", connected)
                .put("sessions failed", sessions.failures)
                .put("connect rate /s", (options.sessions() - sessions.failures) / (sessions.elapsedNanos / 1e9))
                .latency("connect+subscribe", sessions.connectMicros);
        sessions.errors.stream().limit(5).forEach(e -> figures.note("client error: " + e));

        // Every subscribed session receives a message sent now.
        figures.put("sessions that received a message", Sessions.warmUp(target, DESTINATION, received, connected,
                options.messageSize()));

        long heapAfter = 0;
        long rssAfter = 0;
        long fdsAfter = 0;
        for (ChildJvm process : target.processes()) {
            long heap = process.liveHeapBytes();
            long rss = process.rssBytes();
            long fds = process.openFiles();
            figures.note(String.format("%s: live heap %.1f MB, RSS %.1f MB, %d fds with %d sessions",
                    process.name(), heap / 1e6, rss / 1e6, fds, connected));
            java.nio.file.Files.writeString(options.output().resolve("connections-" + process.name() + "-histogram.txt"),
                    process.classHistogram());
            heapAfter += heap;
            rssAfter += rss;
            fdsAfter += fds;
        }
        int n = Math.max(1, connected);
        figures.put("live heap KB/session", (heapAfter - heapBefore) / 1024d / n)
                .put("RSS KB/session", (rssAfter - rssBefore) / 1024d / n)
                .put("fds/session", (fdsAfter - fdsBefore) / (double) n);

        if (options.holdSeconds() > 0) {
            Thread.sleep(options.holdSeconds() * 1000L);
            figures.put("sessions open after the hold", sessions.connected())
                    .put("sessions that received a message after the hold",
                            Sessions.warmUp(target, DESTINATION, received, connected, options.messageSize()));
        }

        // Every client disconnects: descriptors, heap and subscriptions go back to where they were.
        sessions.close();
        if (plain != null) {
            figures.put("plain route sessions ended before the clients closed them", plain.closedByServer.get());
            plain.endings.forEach((ending, count) -> figures.note("plain route sessions ended with " + ending + ": " + count));
            plain.close();
        }
        ChildJvm main = target.mainProcess();
        long settleDeadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long fdsLeft;
        do {
            Thread.sleep(500);
            fdsLeft = 0;
            for (ChildJvm process : target.processes()) {
                fdsLeft += process.openFiles();
            }
        }
        while (fdsLeft - fdsBefore > 50 && System.nanoTime() < settleDeadline);
        long heapLeft = 0;
        for (ChildJvm process : target.processes()) {
            heapLeft += process.liveHeapBytes();
        }
        figures.put("fds above baseline after disconnect", fdsLeft - fdsBefore)
                .put("live heap MB above baseline after disconnect", (heapLeft - heapBefore) / 1e6);
        String subscriptionsLeft = target.metric("attendance_stomp_subscriptions");
        if (subscriptionsLeft != null) {
            figures.put("subscriptions after disconnect", Double.parseDouble(subscriptionsLeft))
                    .put("sessions after disconnect", Double.parseDouble(target.metric("attendance_stomp_sessions")));
        }

        // Connect them all again, and stop the instance (SIGTERM) while it holds every session.
        sessions = Sessions.open(target, options.sessions(), options.connectWindow(), DESTINATION,
                body -> received.incrementAndGet());
        figures.put("sessions subscribed again", options.sessions() - sessions.failures)
                .put("connect rate again /s", (options.sessions() - sessions.failures) / (sessions.elapsedNanos / 1e9));
        long heapAgain = 0;
        for (ChildJvm process : target.processes()) {
            heapAgain += process.liveHeapBytes();
        }
        // What the first round left (caches, compiled code's data) is in both: a leak would show here as well.
        figures.put("live heap MB with the sessions again, minus the first time", (heapAgain - heapAfter) / 1e6);
        long shutdownMillis = main.terminate(300);
        figures.put("shutdown s", shutdownMillis < 0 ? Double.POSITIVE_INFINITY : shutdownMillis / 1000d);
        long closeDeadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (sessions.connected() > 0 && System.nanoTime() < closeDeadline) {
            Thread.sleep(100);
        }
        figures.put("sessions still open 30 s after shutdown", sessions.connected());
        sessions.close();
        return figures;
    }
}
