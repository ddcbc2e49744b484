package com.attendancelive.loadgen;

import com.attendancelive.support.AppInstance;
import com.attendancelive.support.AttendanceYear;
import com.attendancelive.support.PostgresTestDatabase;
import com.attendancelive.support.TestLogin;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadInfo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;

/**
 * CSV export figures on PostgreSQL (docs/benchmarks.md, "CSV exports"): the app in this JVM on a
 * database of its own, a class of {@code students} students with {@code sessions} sessions over a
 * year, then a one-session export and the year export, timed, with what the request thread
 * allocated, and the live heap (after a full GC) while the year export is paused midway by its
 * client ("(done)": the server had already written the rest into the socket buffers and ended the
 * export). Run once per fetch size, so a fetch size that takes the whole result at once shows what
 * streaming saves.
 *
 * <pre>./mvnw -q test-compile && MAVEN_OPTS=-Xmx3g ./mvnw -q exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=com.attendancelive.loadgen.ExportBenchmark -Dexec.args="students=500 sessions=200"</pre>
 */
public final class ExportBenchmark {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private ExportBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Options.arguments(Map.of("students", "500", "sessions", "200",
                "fetchSizes", "1000,100000", "runs", "3"), args);
        int students = Integer.parseInt(options.get("students"));
        int sessions = Integer.parseInt(options.get("sessions"));
        int runs = Integer.parseInt(options.get("runs"));
        List<String> report = new ArrayList<>();
        report.add(String.format(Locale.ROOT, "%d students x %d sessions, PostgreSQL, %d cores, max heap %d MB, best of %d runs",
                students, sessions, Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, runs));
        report.add("");
        report.add("| fetch size | export | rows | MB | first byte ms | total ms | rows/s | request thread allocated MB (KB/row) | live heap growth while paused at 10 / 25 / 50 % (MB) |");
        report.add("|---:|---|---:|---:|---:|---:|---:|---:|---|");
        for (String fetchSize : options.get("fetchSizes").split(",")) {
            PostgresTestDatabase database = PostgresTestDatabase.create();
            Map<String, Object> properties = new HashMap<>();
            properties.put("attendance.exports.fetch-size", fetchSize);
            try (AppInstance app = AppInstance.start("exports", AppInstance.onDatabase(database, properties, 8))) {
                String classId = AttendanceYear.seed(app.bean(DataSource.class), students, sessions,
                        LocalDate.parse("2025-01-01"));
                String bearer = TestLogin.bearer(app.port(), "lovelace");
                HikariPoolMXBean pool = app.bean(HikariDataSource.class).getHikariPoolMXBean();
                String session = classId + "-1";
                String base = "http://localhost:" + app.port() + "/api/classes/" + classId;
                Map<String, String> exports = Map.of(
                        "one session", base + "/sessions/" + session + "/attendance.csv",
                        "year", base + "/attendance.csv?from=2025-01-01&to=2025-12-31");
                for (String export : List.of("one session", "year")) {
                    Run best = null;
                    for (int i = 0; i < runs + 1; i++) { // the first run warms up
                        Run run = download(exports.get(export), bearer, -1, pool);
                        if (i > 0 && (best == null || run.totalNanos < best.totalNanos)) {
                            best = run;
                        }
                    }
                    long expectedRows = best.rows;
                    List<String> paused = new ArrayList<>();
                    for (double fraction : new double[] {0.1, 0.25, 0.5}) {
                        Run pausedRun = download(exports.get(export), bearer, (long) (expectedRows * fraction), pool);
                        paused.add(String.format(Locale.ROOT, "%.1f%s", pausedRun.liveHeapGrowthWhilePaused / 1e6,
                                pausedRun.exportRunningWhilePaused ? "" : " (done)"));
                    }
                    report.add(String.format(Locale.ROOT, "| %s | %s | %,d | %.2f | %.0f | %.0f | %,.0f | %.1f (%.2f) | %s |",
                            fetchSize, export, best.rows - 1, best.bytes / 1e6, best.firstByteNanos / 1e6,
                            best.totalNanos / 1e6, (best.rows - 1) / (best.totalNanos / 1e9),
                            best.requestThreadAllocated / 1e6, best.requestThreadAllocated / 1024.0 / (best.rows - 1),
                            String.join(" / ", paused)));
                    System.out.println(report.get(report.size() - 1));
                }
            }
            finally {
                database.drop();
            }
        }
        System.out.println();
        report.forEach(System.out::println);
        System.exit(0);
    }

    record Run(long rows, long bytes, long firstByteNanos, long totalNanos, long requestThreadAllocated,
            long liveHeapGrowthWhilePaused, boolean exportRunningWhilePaused) {
    }

    /** Reads the export to the end, counting lines; with {@code pauseAtRow} ≥ 0 stops there for a heap reading. */
    static Run download(String url, String bearer, long pauseAtRow, HikariPoolMXBean pool) throws Exception {
        long liveBefore = pauseAtRow >= 0 ? liveHeap() : 0;
        long allocatedBefore = requestThreadsAllocated();
        long start = System.nanoTime();
        HttpResponse<InputStream> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", bearer).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + response.statusCode());
        }
        long firstByte = 0;
        long rows = 0;
        long bytes = 0;
        long growth = 0;
        boolean running = false;
        boolean paused = false;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = response.body()) {
            int read;
            while ((read = in.read(buffer)) != -1) {
                if (firstByte == 0) {
                    firstByte = System.nanoTime() - start;
                }
                bytes += read;
                for (int i = 0; i < read; i++) {
                    if (buffer[i] == '\n') { // the benchmark's names and reasons have no line breaks
                        rows++;
                    }
                }
                if (pauseAtRow >= 0 && !paused && rows >= pauseAtRow) {
                    paused = true;
                    Thread.sleep(500); // the server fills the socket and waits on it
                    growth = liveHeap() - liveBefore;
                    running = pool.getActiveConnections() > 0; // the export still holds its connection
                }
            }
        }
        long total = System.nanoTime() - start;
        return new Run(rows, bytes, firstByte, total, requestThreadsAllocated() - allocatedBefore, growth, running);
    }

    /** Bytes allocated so far by Tomcat's request threads (the export is the only request meanwhile). */
    static long requestThreadsAllocated() {
        long sum = 0;
        for (ThreadInfo thread : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (thread != null && thread.getThreadName().contains("-exec-")) {
                sum += Math.max(0, THREADS.getThreadAllocatedBytes(thread.getThreadId()));
            }
        }
        return sum;
    }

    /** Heap in use after full collections: what is still referenced. */
    static long liveHeap() {
        for (int i = 0; i < 2; i++) {
            System.gc();
        }
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                used += pool.getUsage().getUsed();
            }
        }
        return used;
    }
}
