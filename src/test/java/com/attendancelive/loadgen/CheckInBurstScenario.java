package com.attendancelive.loadgen;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Recorder;

/**
 * Scenario 3: C check-ins per second for T seconds through REST ({@code kiosk}, a SERVICE account,
 * checking in students by id) spread over K classes, each class watched by D dashboards
 * ({@code admin} sessions on {@code /topic/attendance/<class>}). REST latency, and REST-to-dashboard
 * latency: from the moment the request was due to each dashboard's receipt of its CHECKED_IN event.
 * Against {@code direct} the same messages are published straight on the broker: the delivery ceiling.
 * Latencies are measured from when a request was due, not when it left, so a lagging generator
 * does not hide queueing (coordinated omission).
 */
final class CheckInBurstScenario {

    private static final Pattern STUDENT = Pattern.compile("\"studentId\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

    private CheckInBurstScenario() {
    }

    static int studentsPerClass(Options options) {
        return (int) Math.ceil(options.checkinRate() * options.checkinSeconds() / options.classes());
    }

    static Figures run(Target target, Options options) throws Exception {
        Figures figures = new Figures("checkins", target.name());
        int classes = options.classes();
        int total = (int) Math.round(options.checkinRate() * options.checkinSeconds());
        Map<String, Long> dueAt = new ConcurrentHashMap<>();
        Recorder restLatency = new Recorder(3);
        Recorder dashboardLatency = new Recorder(3);
        AtomicLong received = new AtomicLong();
        AtomicLong events = new AtomicLong();
        Consumer<String> dashboard = body -> {
            received.incrementAndGet();
            if (target instanceof Target.DirectTarget) {
                if (body.indexOf(':') > 0 && Character.isDigit(body.charAt(0))) {
                    dashboardLatency.recordValue(Math.max(0, Payloads.ageMicros(body)));
                    events.incrementAndGet();
                }
                return;
            }
            if (body.contains("\"CHECKED_IN\"")) {
                Matcher student = STUDENT.matcher(body);
                Long due = student.find() ? dueAt.get(student.group(1)) : null;
                if (due != null) {
                    dashboardLatency.recordValue(Math.max(0, (System.nanoTime() - due) / 1_000));
                    events.incrementAndGet();
                }
            }
        };

        Target.AppTarget app = target instanceof Target.AppTarget a ? a : null;
        String kiosk = app == null ? null : app.token("kiosk", options.password());
        List<String> sessionIds = new ArrayList<>();
        if (app != null) {
            for (int k = 0; k < classes; k++) {
                HttpResponse<String> opened = Target.HTTP.send(json(app, "/api/classes/" + LoadgenData.classId(k) + "/sessions",
                        app.adminToken(), "{}"), HttpResponse.BodyHandlers.ofString());
                Matcher id = ID.matcher(opened.body());
                if (opened.statusCode() != 201 || !id.find()) {
                    figures.note("opening a session of " + LoadgenData.classId(k) + " answered " + opened.statusCode()
                            + ": " + opened.body());
                    return figures;
                }
                sessionIds.add(id.group(1));
            }
        }

        List<Sessions> dashboards = new ArrayList<>();
        try {
            long watching = 0;
            for (int k = 0; k < classes; k++) {
                String topic = "/topic/attendance/" + LoadgenData.classId(k);
                Sessions sessions = Sessions.open(target, options.dashboards(), options.connectWindow(), topic, dashboard);
                dashboards.add(sessions);
                watching += Sessions.warmUp(target, topic, received, options.dashboards() - sessions.failures, 64);
            }
            figures.put("dashboards", watching);
            events.set(0); // the warm-up messages are not check-ins
            dashboardLatency.reset();

            AtomicLong answered = new AtomicLong();
            AtomicLong created = new AtomicLong();
            AtomicLong refused = new AtomicLong();
            AtomicLong lastAnswer = new AtomicLong();
            Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
            Semaphore inFlight = new Semaphore(options.checkinConcurrency() > 0 ? options.checkinConcurrency() : Integer.MAX_VALUE);
            double interval = 1_000_000_000d / options.checkinRate();
            long start = System.nanoTime();
            for (int j = 0; j < total; j++) {
                int k = j % classes;
                String student = LoadgenData.student(k, j / classes);
                long due = start + (long) (j * interval);
                Payloads.parkUntil(due);
                if (app == null) {
                    ((Target.DirectTarget) target).send("/topic/attendance/" + LoadgenData.classId(k), Payloads.body(j, 200));
                    answered.incrementAndGet();
                    created.incrementAndGet();
                    continue;
                }
                // With checkinConcurrency > 0 a request waits for one of that many in flight, as behind a
                // client's connection pool; the wait counts, since latency runs from when the request was
                // due. Unbounded (0), an open-loop client opens a connection for every request that finds
                // none idle once answers lag.
                inFlight.acquire();
                dueAt.put(student, due);
                HttpRequest request = json(app, "/api/classes/" + LoadgenData.classId(k) + "/sessions/" + sessionIds.get(k)
                        + "/check-ins", kiosk, "{\"studentId\":\"" + student + "\"}");
                Target.HTTP.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                    inFlight.release();
                    long now = System.nanoTime();
                    restLatency.recordValue(Math.max(0, (now - due) / 1_000));
                    lastAnswer.set(now);
                    if (error != null || response.statusCode() != 201) {
                        refused.incrementAndGet();
                        statuses.computeIfAbsent(error != null ? -1 : response.statusCode(), s -> new AtomicLong()).incrementAndGet();
                    }
                    else {
                        created.incrementAndGet();
                    }
                    answered.incrementAndGet();
                });
            }
            long sendEnd = System.nanoTime();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (answered.get() < total && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            // Every check-in is a new student, so each makes one event per dashboard of its class, even one
            // whose answer timed out on the client but was committed.
            long expected = (long) total * watching / classes;
            FanOutScenario.awaitDeliveries(events, expected, Duration.ofSeconds(60));
            figures.put("check-ins due/s", options.checkinRate())
                    .put("check-ins sent", total)
                    .put("check-ins sent/s", total / ((sendEnd - start) / 1e9))
                    .put("check-ins created (201)", created.get())
                    .put("check-ins refused or failed", refused.get());
            if (app != null) {
                figures.put("check-ins answered/s", answered.get() / ((lastAnswer.get() - start) / 1e9))
                        .latency("REST", restLatency.getIntervalHistogram());
            }
            figures.put("dashboard deliveries expected", expected)
                    .put("dashboard deliveries received", events.get())
                    .latency("REST-to-dashboard", dashboardLatency.getIntervalHistogram());
            statuses.forEach((status, count) -> figures.note("status " + status + ": " + count.get() + " requests"));
        }
        finally {
            dashboards.forEach(Sessions::close);
        }
        return figures;
    }

    private static HttpRequest json(Target.AppTarget app, String path, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app.httpBase() + path))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request.build();
    }
}
