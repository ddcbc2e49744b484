package com.attendancelive.loadgen;

import com.attendancelive.support.ChildJvm;
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
 * checking in students by id; with {@code checkinBy=student} each student with the session's
 * current code and a token of their own) spread over K classes, each class watched by D dashboards
 * (ADMIN sessions, each a user of its own, on {@code /topic/attendance/<class>}). REST latency, and REST-to-dashboard
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
        return (int) Math.ceil(options.checkinRate() * (options.warmupSeconds() + options.checkinSeconds()) / options.classes());
    }

    static Figures run(Target target, Options options) throws Exception {
        Figures figures = new Figures("checkins", target.name());
        int classes = options.classes();
        int warmup = (int) Math.round(options.checkinRate() * options.warmupSeconds());
        int total = (int) Math.round(options.checkinRate() * options.checkinSeconds());
        Map<String, Long> dueAt = new ConcurrentHashMap<>();
        Recorder dashboardLatency = new Recorder(3);
        AtomicLong events = new AtomicLong();
        // Only measured check-ins have a due time (app) or a timestamped body (direct): warm-up events are not counted.
        Consumer<String> dashboard = body -> {
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
        List<SeqCheck> seqChecks = new ArrayList<>();
        Recorder studentLatency = new Recorder(3);
        AtomicLong studentEvents = new AtomicLong();
        SeqCheck studentRepeats = new SeqCheck();
        CurrentCodes codes = null;
        try {
            long watching = 0;
            for (int k = 0; k < classes; k++) {
                String topic = "/topic/attendance/" + LoadgenData.classId(k);
                List<SeqCheck> checks = new ArrayList<>();
                for (int i = 0; i < options.dashboards(); i++) {
                    checks.add(new SeqCheck());
                }
                seqChecks.addAll(checks);
                // Subscribed once its RECEIPT arrived: no message needs to be published to prove it.
                Sessions sessions = Sessions.open(target, options.dashboards(), options.connectWindow(), i -> topic,
                        i -> null, i -> dashboard.andThen(checks.get(i)));
                dashboards.add(sessions);
                watching += options.dashboards() - sessions.failures;
            }
            figures.put("dashboards", watching);
            int students = app == null ? 0 : Math.min(options.studentSessions(), total);
            if (students > 0) {
                // The students of the first measured check-ins, each on its own queue with its own token.
                Consumer<String> own = body -> {
                    Matcher student = STUDENT.matcher(body);
                    Long due = student.find() ? dueAt.get(student.group(1)) : null;
                    if (due != null && body.contains("\"CHECKED_IN\"")) {
                        studentLatency.recordValue(Math.max(0, (System.nanoTime() - due) / 1_000));
                        studentEvents.incrementAndGet();
                        studentRepeats.once(student.group(1));
                    }
                };
                Sessions phones = Sessions.open(target, students, options.connectWindow(), i -> "/user/queue/attendance",
                        i -> app.studentToken(studentOf(warmup + i, classes)), i -> own);
                dashboards.add(phones);
                figures.put("student sessions", students - phones.failures);
            }

            codes = app != null && options.checkinBy().equals("student") ? new CurrentCodes(app, sessionIds) : null;
            CheckIns checkIns = new CheckIns(target, app, options, kiosk, codes, sessionIds, dueAt);
            if (warmup > 0) {
                // The same load first, unmeasured: a JVM that has just started runs this path about half
                // as fast until the JIT has compiled it (docs/benchmarks.md).
                CheckIns.Phase phase = checkIns.send(0, warmup, false);
                phase.awaitAnswers(Duration.ofSeconds(120));
                figures.put("warm-up check-ins answered/s", phase.answeredPerSecond());
                phase.statuses.forEach((status, n) -> figures.note("warm-up: status " + status + ": " + n.get() + " requests"));
                Thread.sleep(2_000); // lets the warm-up's events reach the dashboards
            }
            events.set(0);
            dashboardLatency.reset();

            if (app != null) {
                figures.put("broker connections per instance (before)", app.metricOnEachInstance("attendance_broker_connections")
                        .stream().mapToDouble(value -> value == null ? -1 : Double.parseDouble(value)).max().orElse(-1));
            }
            long systemCpuBefore = systemCpuMillis(target);
            long generatorCpuBefore = ChildJvm.cpuMillis(ProcessHandle.current());
            Thread outage = brokerOutage(app, options, figures);
            CheckIns.Phase measured = checkIns.send(warmup, total, true);
            measured.awaitAnswers(Duration.ofSeconds(60));
            if (outage != null) {
                outage.join();
            }
            // Every check-in is a new student, so each makes one event per dashboard of its class, even one
            // whose answer timed out on the client but was committed.
            long expected = (long) total * watching / classes;
            FanOutScenario.awaitDeliveries(events, expected, Duration.ofSeconds(60));
            figures.put("system CPU ms per check-in", (systemCpuMillis(target) - systemCpuBefore) / (double) total)
                    .put("generator CPU ms per check-in",
                            (ChildJvm.cpuMillis(ProcessHandle.current()) - generatorCpuBefore) / (double) total);
            figures.put("check-ins due/s", options.checkinRate())
                    .put("check-ins sent", total)
                    .put("check-ins sent/s", total / ((measured.sendEnd - measured.start) / 1e9))
                    .put("check-ins created (201)", measured.created.get())
                    .put("check-ins refused or failed", measured.refused.get());
            if (app != null) {
                figures.put("check-ins answered/s", measured.answeredPerSecond())
                        .latency("REST", measured.restLatency.getIntervalHistogram());
            }
            figures.put("dashboard deliveries expected", expected)
                    .put("dashboard deliveries received", events.get())
                    .latency("REST-to-dashboard", dashboardLatency.getIntervalHistogram())
                    .put("dashboard seq gaps", seqChecks.stream().mapToLong(check -> check.gaps).sum())
                    .put("dashboard seq repeats", seqChecks.stream().mapToLong(check -> check.repeats).sum());
            if (students > 0) {
                figures.put("student deliveries expected", students)
                        .put("student deliveries received", studentEvents.get())
                        .put("student repeats", studentRepeats.repeats)
                        .latency("REST-to-student", studentLatency.getIntervalHistogram());
            }
            figures.put("sessions closed by server", dashboards.stream().mapToLong(sessions -> sessions.closedByServer.get()).sum());
            if (app != null) {
                // After an outage the instances reconnect with a back-off of up to 10 s.
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                List<String> after = app.metricOnEachInstance("attendance_broker_connections");
                while (outage != null && after.contains("0.0") && System.nanoTime() < deadline) {
                    Thread.sleep(500);
                    after = app.metricOnEachInstance("attendance_broker_connections");
                }
                figures.put("broker connections per instance (after)", after.stream()
                        .mapToDouble(value -> value == null ? -1 : Double.parseDouble(value)).max().orElse(-1));
            }
            measured.statuses.forEach((status, count) -> figures.note("status " + status + ": " + count.get() + " requests"));
        }
        finally {
            dashboards.forEach(Sessions::close);
            if (codes != null) {
                codes.close();
            }
        }
        return figures;
    }

    /**
     * With {@code brokerOutageSeconds}: kills the external broker in the middle of the measured
     * check-ins and starts it again that many seconds later; null without an outage to stage.
     */
    private static Thread brokerOutage(Target.AppTarget app, Options options, Figures figures) {
        int outage = options.brokerOutageSeconds();
        if (app == null || outage <= 0) {
            return null;
        }
        Thread thread = new Thread(() -> {
            try {
                Thread.sleep(Math.max(0, (options.checkinSeconds() - outage) / 2) * 1_000L);
                if (!app.killBroker()) {
                    figures.note("no external broker to kill");
                    return;
                }
                long killed = System.nanoTime();
                Thread.sleep(outage * 1_000L);
                app.restartBroker();
                figures.put("broker away s (killed, then started again)", (System.nanoTime() - killed) / 1e9);
            }
            catch (Exception ex) {
                figures.note("broker outage: " + ex);
            }
        }, "loadgen-broker-outage");
        thread.start();
        return thread;
    }

    /** The student of check-in {@code j}: student j/K of class j%K. */
    static String studentOf(int j, int classes) {
        return LoadgenData.student(j % classes, j / classes);
    }

    /** One session's seqs: each must be one more than the one before (the first may be any). */
    static final class SeqCheck implements Consumer<String> {

        private static final Pattern SEQ = Pattern.compile("\"seq\"\\s*:\\s*(\\d+)");

        private final java.util.Set<String> seen = ConcurrentHashMap.newKeySet();
        private long last;
        long gaps;
        long repeats;

        @Override
        public synchronized void accept(String body) {
            Matcher seq = SEQ.matcher(body);
            if (!seq.find()) {
                return;
            }
            long next = Long.parseLong(seq.group(1));
            if (last > 0 && next <= last) {
                repeats++;
            }
            else if (last > 0 && next > last + 1) {
                gaps++;
            }
            last = Math.max(last, next);
        }

        /** For queues whose events are one per key: a key seen again is a repeat. */
        synchronized void once(String key) {
            if (!seen.add(key)) {
                repeats++;
            }
        }
    }

    /** CPU used so far by the processes of the system under test (app, broker). */
    private static long systemCpuMillis(Target target) {
        return target.processes().stream().mapToLong(ChildJvm::cpuMillis).sum();
    }

    /** Sends check-ins {@code first..first+count-1} at the scenario's rate; check-in j is student j/K of class j%K. */
    private record CheckIns(Target target, Target.AppTarget app, Options options, String kiosk, CurrentCodes codes,
            List<String> sessionIds, Map<String, Long> dueAt) {

        static final class Phase {
            final Recorder restLatency = new Recorder(3);
            final AtomicLong answered = new AtomicLong();
            final AtomicLong created = new AtomicLong();
            final AtomicLong refused = new AtomicLong();
            final AtomicLong lastAnswer = new AtomicLong();
            final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
            final int count;
            long start;
            long sendEnd;

            Phase(int count) {
                this.count = count;
            }

            void awaitAnswers(Duration timeout) throws InterruptedException {
                long deadline = System.nanoTime() + timeout.toNanos();
                while (answered.get() < count && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
            }

            double answeredPerSecond() {
                return answered.get() / ((lastAnswer.get() - start) / 1e9);
            }
        }

        Phase send(int first, int count, boolean measured) throws Exception {
            Phase phase = new Phase(count);
            int classes = options.classes();
            Semaphore inFlight = new Semaphore(options.checkinConcurrency() > 0 ? options.checkinConcurrency() : Integer.MAX_VALUE);
            double interval = 1_000_000_000d / options.checkinRate();
            phase.start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                int j = first + i;
                int k = j % classes;
                String student = studentOf(j, classes);
                long due = phase.start + (long) (i * interval);
                Payloads.parkUntil(due);
                if (app == null) {
                    ((Target.DirectTarget) target).send("/topic/attendance/" + LoadgenData.classId(k),
                            measured ? Payloads.body(j, 200) : "warm-up " + j);
                    phase.answered.incrementAndGet();
                    phase.created.incrementAndGet();
                    phase.lastAnswer.set(System.nanoTime());
                    continue;
                }
                // With checkinConcurrency > 0 a request waits for one of that many in flight, as behind a
                // client's connection pool; the wait counts, since latency runs from when the request was
                // due. Unbounded (0), an open-loop client opens a connection for every request that finds
                // none idle once answers lag.
                inFlight.acquire();
                if (measured) {
                    dueAt.put(student, due);
                }
                // By the kiosk (a SERVICE account, by id), or by the student with the session's current code.
                HttpRequest request = json(app, "/api/classes/" + LoadgenData.classId(k) + "/sessions/" + sessionIds.get(k)
                        + "/check-ins", codes == null ? kiosk : app.studentToken(student), codes == null
                        ? "{\"studentId\":\"" + student + "\"}" : "{\"code\":\"" + codes.of(k) + "\"}");
                Target.HTTP.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                    inFlight.release();
                    long now = System.nanoTime();
                    phase.restLatency.recordValue(Math.max(0, (now - due) / 1_000));
                    phase.lastAnswer.set(now);
                    if (error != null || response.statusCode() != 201) {
                        phase.refused.incrementAndGet();
                        phase.statuses.computeIfAbsent(error != null ? -1 : response.statusCode(), s -> new AtomicLong())
                                .incrementAndGet();
                    }
                    else {
                        phase.created.incrementAndGet();
                    }
                    phase.answered.incrementAndGet();
                });
            }
            phase.sendEnd = System.nanoTime();
            return phase;
        }
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
