package com.attendancelive.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import com.attendancelive.support.PostgresTestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A few seconds of every scenario with small numbers against the relayed app, the simple broker
 * and the broker alone, each in its own JVM: keeps the harness working. The figures themselves
 * come from the full run (docs/benchmarks.md); here they only have to be sane.
 */
@Tag("slow")
class LoadGeneratorSmokeTest {

    @Test
    void everyScenarioRunsAgainstTheAppAndItsBaselinesAndCountsEveryMessage() throws Exception {
        Options options = Options.parse("targets=embedded,simple,direct", "sessions=20", "subscribers=20",
                "fanoutMessages=10", "fanoutRate=50", "burstMessages=10", "connectWindow=10",
                // Above the app's 4 KB WebSocket buffers: outbound messages are not limited by them.
                "messageSize=6000",
                "checkinRate=20", "checkinSeconds=2", "classes=2", "dashboards=2", "warmupSeconds=1", "studentSessions=10",
                "appJvm=-Xmx512m", "brokerJvm=-Xmx256m", "output=target/loadgen-smoke");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        List<Figures> results = LoadGenerator.run(options, new PrintStream(log, true));
        String report = LoadGenerator.report(options, results);

        assertThat(results).as(log + report).noneMatch(f -> f.scenario.equals("error"));
        for (String target : List.of("embedded", "simple", "direct")) {
            Figures fanout = find(results, "fanout", target);
            assertThat(fanout.get("subscribers")).as(target + "\n" + report).isEqualTo(20);
            // The warm-up (1 s at 50/s) is awaited whole and counted apart from the paced messages.
            assertThat(fanout.get("warm-up deliveries received")).as(target).isEqualTo(50 * 20);
            assertThat(fanout.get("paced deliveries received")).as(target).isEqualTo(10 * 20);
            assertThat(fanout.get("burst deliveries received")).as(target).isEqualTo(10 * 20);
            assertThat(fanout.get("paced latency p50 ms")).as(target).isPositive().isLessThan(60_000);
            assertThat(fanout.get("paced latency max ms")).as(target).isGreaterThanOrEqualTo(fanout.get("paced latency p99 ms"));
            assertThat(fanout.get("burst deliveries/s")).as(target).isPositive();
            assertThat(fanout.get("sessions closed by server")).as(target).isZero();

            Figures checkIns = find(results, "checkins", target);
            assertThat(checkIns.get("dashboards")).as(target + "\n" + report).isEqualTo(2 * 2);
            // The warm-up's 20 check-ins ran first and are counted neither here nor in the deliveries.
            assertThat(checkIns.get("warm-up check-ins answered/s")).as(target + "\n" + report).isPositive();
            assertThat(checkIns.get("check-ins created (201)")).as(target + "\n" + report).isEqualTo(20 * 2);
            assertThat(checkIns.get("dashboard deliveries received")).as(target + "\n" + report)
                    .isEqualTo(checkIns.get("dashboard deliveries expected")).isEqualTo(20 * 2 * 2);
            assertThat(checkIns.get("REST-to-dashboard p99 ms")).as(target).isPositive().isLessThan(60_000);
            assertThat(checkIns.get("dashboard seq gaps")).as(target).isZero();
            assertThat(checkIns.get("dashboard seq repeats")).as(target).isZero();
            if (!target.equals("direct")) {
                assertThat(checkIns.get("student sessions")).as(target + "\n" + report).isEqualTo(10);
                assertThat(checkIns.get("student deliveries received")).as(target).isEqualTo(10);
                assertThat(checkIns.get("student repeats")).as(target).isZero();
                assertThat(checkIns.get("REST-to-student p99 ms")).as(target).isPositive().isLessThan(60_000);
            }
            assertThat(checkIns.get("system CPU ms per check-in")).as(target).isPositive();
            assertThat(checkIns.get("generator CPU ms per check-in")).as(target).isPositive();

            Figures connections = find(results, "connections", target);
            assertThat(connections.get("sessions subscribed")).as(target + "\n" + report).isEqualTo(20);
            assertThat(connections.get("sessions that received a message")).as(target).isEqualTo(20);
            assertThat(connections.get("connect rate /s")).as(target).isPositive();
            assertThat(connections.get("live heap KB/session")).as(target).isFinite();
            assertThat(connections.get("RSS KB/session")).as(target).isFinite();
            assertThat(connections.get("shutdown s")).as(target).isLessThan(60);
            assertThat(connections.get("sessions still open 30 s after shutdown")).as(target).isZero();
            assertThat(connections.get("fds above baseline after disconnect")).as(target).isLessThanOrEqualTo(50);
            assertThat(connections.get("sessions subscribed again")).as(target).isEqualTo(20);
            if (!target.equals("direct")) {
                assertThat(connections.get("subscriptions after disconnect")).as(target).isZero();
                assertThat(connections.get("sessions after disconnect")).as(target).isZero();
            }
        }
        assertThat(report).contains("| embedded / direct |", "| embedded / simple |");
    }

    @Test
    void checkInsRunOnPostgres() throws Exception {
        PostgresTestDatabase.create().drop(); // skips here, as every PostgreSQL test does, where none answers
        Options options = Options.parse("targets=embedded", "scenarios=checkins", "database=postgres",
                "checkinRate=20", "checkinSeconds=2", "classes=2", "dashboards=2", "warmupSeconds=1", "studentSessions=10",
                "appJvm=-Xmx512m", "output=target/loadgen-smoke-postgres");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        List<Figures> results = LoadGenerator.run(options, new PrintStream(log, true));
        String report = LoadGenerator.report(options, results);

        assertThat(results).as(log + report).noneMatch(f -> f.scenario.equals("error"));
        Figures checkIns = find(results, "checkins", "embedded");
        assertThat(checkIns.get("check-ins created (201)")).as(report).isEqualTo(20 * 2);
        assertThat(checkIns.get("dashboard deliveries received")).as(report)
                .isEqualTo(checkIns.get("dashboard deliveries expected")).isEqualTo(20 * 2 * 2);
        assertThat(Files.readString(options.output().resolve("embedded-app.log")))
                .as("the app ran on PostgreSQL").contains("jdbc:postgresql://127.0.0.1:5432/attendance_test_");
    }

    @Test
    void replayStormReplaysEveryEventInOrderWhileLiveEventsFlow() throws Exception {
        Options options = Options.parse("targets=embedded", "scenarios=replay", "subscribers=10", "replaySubscribers=10",
                "replayEvents=50", "fanoutMessages=10", "fanoutRate=20", "warmupSeconds=1", "connectWindow=10",
                "appJvm=-Xmx512m", "brokerJvm=-Xmx256m", "output=target/loadgen-smoke-replay");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        List<Figures> results = LoadGenerator.run(options, new PrintStream(log, true));
        String report = LoadGenerator.report(options, results);

        assertThat(results).as(log + report).noneMatch(f -> f.scenario.equals("error"));
        Figures replay = find(results, "replay", "embedded");
        long live = 20 * 10 * 10; // 20/s for 10 s, to 10 subscribers
        assertThat(replay.get("live deliveries before (expected " + live + ")")).as(report).isEqualTo(live);
        assertThat(replay.get("replaying sessions")).as(report).isEqualTo(10);
        assertThat(replay.get("replays complete")).as(report).isEqualTo(10);
        assertThat(replay.get("replayed messages received (expected 500)")).as(report).isEqualTo(500);
        assertThat(replay.get("replayed out of order or repeated")).as(report).isZero();
        assertThat(replay.get("live deliveries during (expected " + live + ")")).as(report).isEqualTo(live);
        assertThat(replay.get("sessions closed by server")).as(report).isZero();
        assertThat(report).as("the report has the scenario's table").contains("### replay");
    }

    private static Figures find(List<Figures> results, String scenario, String target) {
        return results.stream().filter(f -> f.scenario.equals(scenario) && f.target.equals(target)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + scenario + " figures for " + target));
    }
}
