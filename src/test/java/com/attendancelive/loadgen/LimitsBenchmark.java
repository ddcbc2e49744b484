package com.attendancelive.loadgen;

import com.attendancelive.limits.AttemptLimiter;
import com.attendancelive.limits.Limit;
import com.attendancelive.limits.NoLimits;
import com.attendancelive.support.AppInstance;
import com.attendancelive.support.ClassroomCalls;
import com.attendancelive.support.PostgresTestDatabase;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.function.LongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import org.HdrHistogram.Histogram;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the deployment-wide limits cost a login and a check-in, one request at a time (no load):
 * the limiter's own calls timed on their own, then logins and students' check-ins over HTTP
 * against two instances side by side, one with the shared counters and one with {@link NoLimits},
 * alternating (each side first every other time) so that both see the same JIT and machine:
 * check-ins in batches, logins request by request, in pairs, so that the password hash's spread
 * (tens of milliseconds) and the machine's drift cancel out in each pair's difference, of which
 * the median is printed with its 95 % interval. Prints the figures.
 * Arguments: {@code database=h2|postgres operations=N logins=N checkins=N}.
 */
public final class LimitsBenchmark {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern CODE = Pattern.compile("\"code\"\\s*:\\s*\"(\\d+)\"");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int CHECK_IN_BATCH = 100;

    private LimitsBenchmark() {
    }

    public static void main(String[] args) {
        try {
            run(args);
        }
        catch (Throwable failure) {
            // exec:java would print it only once every thread of the started contexts had ended.
            failure.printStackTrace();
            System.exit(1);
        }
        // Threads of the stopped contexts (broker clients, pools) must not keep exec:java waiting.
        System.exit(0);
    }

    private static void run(String[] args) throws Exception {
        Map<String, String> options = Options.arguments(Map.of("database", "h2", "operations", "20000", "logins", "400",
                "checkins", "4000"), args);
        boolean postgres = options.get("database").equals("postgres");
        int operations = Integer.parseInt(options.get("operations"));
        int logins = Integer.parseInt(options.get("logins"));
        int checkins = Integer.parseInt(options.get("checkins"));
        PostgresTestDatabase withDb = postgres ? PostgresTestDatabase.create() : null;
        PostgresTestDatabase withoutDb = postgres ? PostgresTestDatabase.create() : null;
        try (AppInstance with = start("with", withDb, Map.of());
                AppInstance without = start("without", withoutDb, Map.of("loadgen.limits", "off"))) {
            System.out.printf("%n== Deployment-wide limits, %s, %s%n", options.get("database"), Instant.now());
            compare("login (right password)", logins, 1, with, without, LimitsBenchmark::login);
            compare("check-in (right code, by the student)", checkins, CHECK_IN_BATCH, with, without, LimitsBenchmark::checkIns);
            // Last: its tens of thousands of counters must not weigh on the HTTP comparison.
            limiterCalls(with, operations);
        }
        finally {
            if (withDb != null) {
                withDb.drop();
                withoutDb.drop();
            }
        }
    }

    private static AppInstance start(String name, PostgresTestDatabase database, Map<String, Object> extra) {
        Map<String, Object> properties = new LinkedHashMap<>(extra);
        properties.put("attendance.broker.mode", "simple");
        properties.put("attendance.security.login-limits.per-address", 1_000_000);
        AppInstance instance = AppInstance.start(name, database == null ? properties
                : AppInstance.onDatabase(database, properties, 8), NoLimits.Replacement.class);
        boolean replaced = instance.bean(AttemptLimiter.class) instanceof NoLimits;
        if (replaced != extra.containsKey("loadgen.limits")) {
            throw new IllegalStateException(name + ": the limiter is " + instance.bean(AttemptLimiter.class));
        }
        return instance;
    }

    /** The limiter's calls by themselves, as a login and a check-in make them. */
    private static void limiterCalls(AppInstance instance, int operations) {
        AttemptLimiter limiter = instance.bean(AttemptLimiter.class);
        TransactionTemplate tx = new TransactionTemplate(instance.bean(PlatformTransactionManager.class));
        Limit perUser = new Limit("login-user", 5, Duration.ofMinutes(5));
        Limit perAddress = new Limit("login-address", 1_000_000, Duration.ofMinutes(5));
        Limit code = new Limit("check-in-code", 5, Duration.ofMinutes(5));
        String run = Long.toString(System.nanoTime(), 36);
        time("login, right password: count user + address, then forgive them", operations, i -> {
            Limit.Key user = perUser.of("bench-" + (i % 1000));
            limiter.tryAcquire(List.of(user, perAddress.of("127.0.0.1")));
            limiter.forgive(user, perAddress.of("127.0.0.1"));
        });
        time("login, right password, always the same user and address (one hot row each)", operations, i -> {
            limiter.tryAcquire(List.of(perUser.of(run + "-hot"), perAddress.of("127.0.0.3")));
            limiter.forgive(perUser.of(run + "-hot"), perAddress.of("127.0.0.3"));
        });
        time("login, wrong password: count user + address (a new user each time)", operations,
                i -> limiter.tryAcquire(List.of(perUser.of(run + "-w" + i), perAddress.of("127.0.0.2"))));
        // A check-in's transaction is open when it reads: measured inside one, as there.
        tx.executeWithoutResult(status -> time("check-in, right code: is the student blocked (savepoint + read)",
                operations, i -> limiter.blockedFor(code.of("s" + (i % 1000)))));
        tx.executeWithoutResult(status -> time("check-in, wrong code: count it (savepoint + write)", operations,
                i -> limiter.tryAcquire(code.of(run + "-c" + i))));
    }

    private static void time(String what, int operations, IntConsumer operation) {
        for (int i = 0; i < operations; i++) {
            operation.accept(i); // warm-up
        }
        Histogram micros = new Histogram(3);
        for (int i = 0; i < operations; i++) {
            long start = System.nanoTime();
            operation.accept(operations + i);
            micros.recordValue(Math.max(1, (System.nanoTime() - start) / 1000));
        }
        System.out.printf("  limiter  %-82s p50 %7.3f ms  p99 %7.3f ms  mean %7.3f ms  (%,d calls)%n", what,
                micros.getValueAtPercentile(50) / 1000d, micros.getValueAtPercentile(99) / 1000d,
                micros.getMean() / 1000d, operations);
    }

    private interface Requests {
        /** Sends {@code count} requests one after the other, recording each one's latency in microseconds. */
        void send(AppInstance instance, int first, int count, LongConsumer micros) throws Exception;
    }

    private static void compare(String what, int total, int batch, AppInstance with, AppInstance without, Requests requests)
            throws Exception {
        Histogram limited = new Histogram(3);
        Histogram unlimited = new Histogram(3);
        List<Long> differences = new ArrayList<>();
        requests.send(with, 0, Math.min(total, 200), micros -> { }); // warm-up
        requests.send(without, 0, Math.min(total, 200), micros -> { });
        boolean withFirst = true;
        for (int first = 200; first < total + 200; first += batch) {
            long[] sums = new long[2];
            // ABBA: each side goes first every other time, so neither always follows the other.
            for (boolean limitedSide : withFirst ? new boolean[] {true, false} : new boolean[] {false, true}) {
                Histogram side = limitedSide ? limited : unlimited;
                int index = limitedSide ? 0 : 1;
                requests.send(limitedSide ? with : without, first, batch, micros -> {
                    side.recordValue(Math.max(1, micros));
                    sums[index] += micros;
                });
            }
            differences.add((sums[0] - sums[1]) / batch);
            withFirst = !withFirst;
        }
        System.out.printf("  http     %-38s with p50 %7.3f p99 %7.3f ms | without p50 %7.3f p99 %7.3f ms | extra p50 %+.3f ms (%,d each)%n",
                what, limited.getValueAtPercentile(50) / 1000d, limited.getValueAtPercentile(99) / 1000d,
                unlimited.getValueAtPercentile(50) / 1000d, unlimited.getValueAtPercentile(99) / 1000d,
                (limited.getValueAtPercentile(50) - unlimited.getValueAtPercentile(50)) / 1000d, total);
        Collections.sort(differences);
        int n = differences.size();
        int spread = (int) Math.ceil(1.96 * Math.sqrt(n) / 2);
        System.out.printf("  http     %-38s median of %,d paired differences (with - without, %s) %+.3f ms, 95 %% interval %+.3f to %+.3f ms%n",
                what, n, batch == 1 ? "request by request" : "batch means of " + batch, differences.get(n / 2) / 1000d,
                differences.get(Math.max(0, n / 2 - spread)) / 1000d, differences.get(Math.min(n - 1, n / 2 + spread)) / 1000d);
    }

    private static void login(AppInstance instance, int first, int count, LongConsumer micros) throws Exception {
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            HttpResponse<String> response = HTTP.send(post(instance, "/api/auth/token", null,
                    "{\"username\":\"alice\",\"password\":\"demo\"}"), HttpResponse.BodyHandlers.ofString());
            micros.accept((System.nanoTime() - start) / 1000);
            expect(response, 200);
        }
    }

    /** Each check-in a new student of a class of its own, with the session's current code. */
    private static void checkIns(AppInstance instance, int first, int count, LongConsumer micros) throws Exception {
        String classId = ClassroomCalls.newClass(instance.bean(DataSource.class), "lb", count);
        String teacher = "Bearer " + token("lovelace", "TEACHER");
        HttpResponse<String> opened = HTTP.send(post(instance, "/api/classes/" + classId + "/sessions", teacher, "{}"),
                HttpResponse.BodyHandlers.ofString());
        expect(opened, 201);
        Matcher id = ID.matcher(opened.body());
        id.find();
        String path = "/api/classes/" + classId + "/sessions/" + id.group(1);
        HttpResponse<String> current = HTTP.send(HttpRequest.newBuilder(URI.create(base(instance) + path + "/code"))
                .header("Authorization", teacher).GET().build(), HttpResponse.BodyHandlers.ofString());
        Matcher code = CODE.matcher(current.body());
        code.find();
        for (int i = 0; i < count; i++) {
            HttpRequest request = post(instance, path + "/check-ins", "Bearer " + token(classId + "_" + i, "STUDENT"),
                    "{\"code\":\"" + code.group(1) + "\"}");
            long start = System.nanoTime();
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            micros.accept((System.nanoTime() - start) / 1000);
            expect(response, 201);
        }
    }

    private static final NimbusJwtEncoder TOKENS = new NimbusJwtEncoder(new ImmutableSecret<>(new SecretKeySpec(
            AppInstance.SHARED_JWT_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256")));

    private static String token(String user, String role) {
        JwtClaimsSet claims = JwtClaimsSet.builder().issuer("attendance-live").subject(user).issuedAt(Instant.now())
                .expiresAt(Instant.now().plusSeconds(3600)).claim("roles", List.of(role)).build();
        return TOKENS.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims)).getTokenValue();
    }

    private static HttpRequest post(AppInstance instance, String path, String bearer, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base(instance) + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", bearer);
        }
        return request.build();
    }

    private static String base(AppInstance instance) {
        return "http://localhost:" + instance.port();
    }

    private static void expect(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException("expected " + status + ", got " + response.statusCode() + ": " + response.body());
        }
    }
}
