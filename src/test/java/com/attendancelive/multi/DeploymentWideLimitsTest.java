package com.attendancelive.multi;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.attendancelive.limits.AttemptLimiter;
import com.attendancelive.support.AppInstance;
import com.attendancelive.support.ClassroomCalls;
import com.attendancelive.support.Http;
import com.attendancelive.support.PostgresTestDatabase;
import com.attendancelive.support.TestLogin;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

/**
 * Two instances on one PostgreSQL database behind no sticky balancing: the failed-login and
 * wrong-code limits hold once for both, sequentially and with every attempt at once, and a limit
 * store that does not answer refuses logins (503) but no right check-in code.
 */
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeploymentWideLimitsTest {

    private static final Pattern CODE = Pattern.compile("\"code\"\\s*:\\s*\"(\\d+)\"");
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

    private PostgresTestDatabase database;
    private AppInstance a;
    private AppInstance b;

    @BeforeAll
    void start() {
        database = PostgresTestDatabase.create();
        Map<String, Object> shared = AppInstance.onDatabase(database, Map.of(
                "attendance.broker.mode", "simple",
                // Every request comes from 127.0.0.1: the per-address limit would otherwise join in.
                "attendance.security.login-limits.per-address", 10_000), 4);
        a = AppInstance.start("a", shared);
        b = AppInstance.start("b", shared);
        AppInstance.awaitReady(a, b);
    }

    @AfterAll
    void stop() {
        AppInstance.closeAll(a, b);
        if (database != null) {
            database.drop();
        }
    }

    @Test
    void wrongLoginsAlternatingBetweenInstancesAreRefusedAfterTheLimit() throws Exception {
        String user = ClassroomCalls.newClass(database, "la", 1) + "_0";
        for (int i = 0; i < 5; i++) {
            AppInstance instance = i % 2 == 0 ? a : b;
            assertThat(TestLogin.login(instance.port(), user, "guess-" + i).statusCode()).as("try %d on %s", i + 1, instance)
                    .isEqualTo(401);
        }
        HttpResponse<String> sixth = TestLogin.login(b.port(), user, TestLogin.DEMO_PASSWORD);
        assertThat(sixth.statusCode()).as("the sixth, with the right password").isEqualTo(429);
        assertThat(sixth.headers().firstValue("Retry-After")).isPresent();
        assertThat(TestLogin.login(a.port(), user, TestLogin.DEMO_PASSWORD).statusCode()).isEqualTo(429);
    }

    @Test
    void fiftyParallelWrongLoginsOverTwoInstancesMeetTheBoundaryOfFiftySequentialOnOne() throws Exception {
        String classId = ClassroomCalls.newClass(database, "lp", 2);
        List<Integer> sequential = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            sequential.add(TestLogin.login(a.port(), classId + "_0", "guess-" + i).statusCode());
        }
        List<Integer> parallel = parallel(50, i -> TestLogin.login((i % 2 == 0 ? a : b).port(), classId + "_1", "guess-" + i)
                .statusCode());
        System.out.printf("[DeploymentWideLimitsTest] 50 wrong logins: sequential on A %d x 401, %d x 429;"
                + " at once over A and B %d x 401, %d x 429%n", count(sequential, 401), count(sequential, 429),
                count(parallel, 401), count(parallel, 429));
        assertThat(sequential.subList(0, 5)).containsOnly(401);
        assertThat(sequential.subList(5, 50)).containsOnly(429);
        assertThat(count(parallel, 401)).as("answered 401 at once over two instances").isEqualTo(5);
        assertThat(count(parallel, 429)).isEqualTo(45);
    }

    @Test
    void wrongCodesAreCountedOnceForBothInstancesSequentiallyAndAtOnce() throws Exception {
        Classroom room = new Classroom("wc", b);
        for (int i = 0; i < 5; i++) {
            AppInstance instance = i % 2 == 0 ? a : b;
            assertThat(room.checkIn(instance, room.first, room.wrong).statusCode()).as("wrong code %d on %s", i + 1,
                    instance).isEqualTo(422);
        }
        HttpResponse<String> sixth = room.checkIn(b, room.first, room.code());
        assertThat(sixth.statusCode()).as("the sixth, with the right code").isEqualTo(429);
        assertThat(sixth.headers().firstValue("Retry-After")).isPresent();

        List<Integer> atOnce = parallel(12, i -> room.checkIn(i % 2 == 0 ? a : b, room.second, room.wrong).statusCode());
        System.out.printf("[DeploymentWideLimitsTest] 12 wrong codes at once over A and B: %d x 422, %d x 429%n",
                count(atOnce, 422), count(atOnce, 429));
        assertThat(count(atOnce, 422)).isEqualTo(5);
        assertThat(count(atOnce, 429)).isEqualTo(7);
        assertThat(room.checkIn(a, room.second, room.code()).statusCode()).isEqualTo(429);
    }

    /**
     * The limit store is the application's own database, so "unavailable" means its table does
     * not answer while the rest does: here a session holds an exclusive lock on attempt_counter.
     * Logins fail closed with 503 and Retry-After; a right check-in code still checks in (one
     * statement timeout later), a wrong one is 422; one WARN for the outage, one INFO at its end.
     */
    @Test
    void aLimitStoreThatDoesNotAnswerRefusesLoginsButNoRightCheckInCode() throws Exception {
        Classroom room = new Classroom("out", a);

        Logger logger = (Logger) LoggerFactory.getLogger(AttemptLimiter.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        try (Connection locker = DriverManager.getConnection(database.url(), database.username(), "");
                Statement lock = locker.createStatement()) {
            locker.setAutoCommit(false);
            lock.execute("lock table attempt_counter in access exclusive mode");
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> login = TestLogin.login(a.port(), "alice", TestLogin.DEMO_PASSWORD);
                assertThat(login.statusCode()).as("login %d during the outage", i + 1).isEqualTo(503);
                assertThat(login.headers().firstValue("Retry-After")).contains("5");
                assertThat(login.headers().firstValue("Content-Type")).hasValueSatisfying(
                        type -> assertThat(type).startsWith("application/problem+json"));
                assertThat(login.body()).doesNotContain("access_token");
            }
            HttpResponse<String> checkedIn = room.checkIn(a, room.first, room.right);
            assertThat(checkedIn.statusCode()).as("a right code during the outage: %s", checkedIn.body()).isEqualTo(201);
            assertThat(room.checkIn(a, room.second, room.wrong).statusCode()).as("a wrong code").isEqualTo(422);
            locker.rollback();
        }
        assertThat(TestLogin.login(a.port(), "alice", TestLogin.DEMO_PASSWORD).statusCode()).as("after the outage")
                .isEqualTo(200);
        logger.detachAppender(logged);
        List<ILoggingEvent> warnings = logged.list.stream().filter(event -> event.getLevel() == Level.WARN).toList();
        assertThat(warnings).as("WARN lines for one outage").hasSize(1);
        assertThat(warnings.get(0).getFormattedMessage()).contains("unavailable");
        assertThat(logged.list).filteredOn(event -> event.getLevel() == Level.INFO).hasSize(1)
                .allSatisfy(event -> assertThat(event.getFormattedMessage()).contains("answer again"));
    }

    private interface Call {
        int status(int i) throws Exception;
    }

    /** {@code n} calls released at the same moment, each on a thread of its own; their statuses. */
    private static List<Integer> parallel(int n, Call call) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(n);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                results.add(threads.submit(() -> {
                    go.await();
                    return call.status(index);
                }));
            }
            go.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> result : results) {
                statuses.add(result.get());
            }
            return statuses;
        }
        finally {
            threads.shutdownNow();
        }
    }

    private static long count(List<Integer> statuses, int status) {
        return statuses.stream().filter(s -> s == status).count();
    }

    /**
     * A class of two students with a session opened on A: its teacher's token, the first student's
     * (signed in on A) and the second's (signed in on {@code secondSignsInOn}), the code when it
     * was made and a wrong one.
     */
    private final class Classroom {

        final String classId;
        final String session;
        final String lovelace;
        final String first;
        final String second;
        final String right;
        final String wrong;

        Classroom(String idPrefix, AppInstance secondSignsInOn) throws Exception {
            classId = ClassroomCalls.newClass(database, idPrefix, 2);
            session = ClassroomCalls.openSession(a.port(), classId);
            lovelace = TestLogin.bearer(a.port(), "lovelace");
            first = TestLogin.bearer(a.port(), classId + "_0");
            second = TestLogin.bearer(secondSignsInOn.port(), classId + "_1");
            right = code();
            wrong = right.equals("000000") ? "111111" : "000000";
        }

        /** The session's current code, as the teacher's screen shows it (from A). */
        String code() {
            HttpResponse<String> response = Http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + a.port()
                    + "/api/classes/" + classId + "/sessions/" + session + "/code")).header("Authorization", lovelace).GET().build());
            Matcher code = CODE.matcher(response.body());
            assertThat(code.find()).as(response.body()).isTrue();
            return code.group(1);
        }

        HttpResponse<String> checkIn(AppInstance instance, String bearer, String code) {
            return Http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + instance.port() + "/api/classes/" + classId
                            + "/sessions/" + session + "/check-ins"))
                    .header("Authorization", bearer).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + code + "\"}")).build());
        }
    }
}
