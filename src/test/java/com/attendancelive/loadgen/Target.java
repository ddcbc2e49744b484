package com.attendancelive.loadgen;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import com.attendancelive.broker.StandaloneBrokerApplication;
import com.attendancelive.support.ChildJvm;
import com.attendancelive.support.PostgresTestDatabase;
import com.attendancelive.support.StompTestClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.StringMessageConverter;
import org.springframework.messaging.simp.stomp.ReactorNettyTcpStompClient;
import org.springframework.messaging.simp.stomp.StompClientSupport;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandler;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.messaging.WebSocketStompClient;

/**
 * One system under test: the app in a broker mode (its own JVM, and for {@code external} a broker
 * JVM too), or the broker alone with STOMP clients straight on it ({@code direct}, the relay's ceiling).
 */
abstract class Target implements AutoCloseable {

    /** HTTP/1.1: the default (HTTP/2) asks Tomcat for an h2c upgrade on every new connection, which it declines. */
    /** Answers are handled on the client's selector thread: no hand-off to a pool per response. */
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .executor(Runnable::run)
            .connectTimeout(Duration.ofSeconds(10)).build();

    protected final String name;
    protected final Options options;
    protected final List<ChildJvm> processes = new ArrayList<>();
    protected final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();

    Target(String name, Options options) {
        this.name = name;
        this.options = options;
        scheduler.setPoolSize(2);
        scheduler.setThreadNamePrefix("loadgen-" + name + "-");
        scheduler.initialize();
    }

    static Target create(String name, Options options) throws Exception {
        return switch (name) {
            case "embedded", "simple", "external", "pair" -> new AppTarget(name, options);
            case "direct" -> new DirectTarget(options);
            default -> throw new IllegalArgumentException("Unknown target " + name
                    + " (embedded, external, simple, pair, direct)");
        };
    }

    String name() {
        return name;
    }

    /** Every process of this system: its memory is the memory of the system. */
    List<ChildJvm> processes() {
        return processes;
    }

    /** The process whose shutdown is timed: the app, or the broker for {@code direct}. */
    abstract ChildJvm mainProcess();

    abstract CompletableFuture<StompSession> connect(StompSessionHandler handler);

    /** Connects as the user of {@code token} (null: the target's default user). */
    CompletableFuture<StompSession> connect(StompSessionHandler handler, String token) {
        return connect(handler);
    }

    /**
     * The token a session will connect with: {@code token} itself, or the default user's (null where
     * the target takes none). Sessions are given theirs before they are timed: minting a token is the
     * client's business, not part of connecting.
     */
    String sessionToken(String token) {
        return token;
    }

    /** Starts publishing {@code count} timestamped messages to {@code destination} at {@code rate}/s (0: burst). */
    abstract void publish(String destination, int count, double rate, int size) throws Exception;

    /** The base URL of the app's HTTP side, or null. */
    String httpBase() {
        return null;
    }

    /** A gauge's value from the app's Prometheus endpoint (first sample), or null without an app. */
    String metric(String name) throws Exception {
        if (httpBase() == null) {
            return null;
        }
        String text = HTTP.send(HttpRequest.newBuilder(URI.create(httpBase() + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        for (String line : text.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return line.substring(line.lastIndexOf(' ') + 1);
            }
        }
        return null;
    }

    protected void configure(StompClientSupport client) {
        client.setMessageConverter(new StringMessageConverter() {
            // Every body as text: attendance events are application/json, the publish hook's text/plain.
            @Override
            protected boolean supportsMimeType(MessageHeaders headers) {
                return true;
            }
        });
        client.setTaskScheduler(scheduler);
        client.setDefaultHeartbeat(new long[] {options.heartbeatMillis(), options.heartbeatMillis()});
        client.setReceiptTimeLimit(60_000);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static ChildJvm startBroker(String name, Options options, int port) throws Exception {
        // The project's own standalone broker: the same ActiveMQ set-up as embedded mode.
        ChildJvm broker = ChildJvm.start(name, options.brokerJvm(), StandaloneBrokerApplication.class.getName(),
                List.of("--attendance.broker.port=" + port,
                        "--attendance.broker.max-connections=" + options.brokerMaxConnections()),
                options.output().resolve(name + ".log"));
        broker.awaitListening(port, Duration.ofSeconds(60));
        return broker;
    }

    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).close();
        }
        scheduler.shutdown();
    }

    /**
     * The app in one broker mode, driven over WebSocket and REST; {@code pair} is two instances of it
     * on one PostgreSQL database and one external broker, behind a round-robin balancer without
     * stickiness (sessions, check-ins and every other call alternate between them).
     */
    static final class AppTarget extends Target {

        private static final Pattern TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
        /** The app's signing key in a run, so that the generator can sign students' tokens. */
        private static final String SIGNING_KEY = "loadgen-signing-key-0123456789-abcdefghijklmnopq";
        private static final NimbusJwtEncoder STUDENT_TOKENS = new NimbusJwtEncoder(new ImmutableSecret<>(
                new SecretKeySpec(SIGNING_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256")));

        private final List<Integer> ports = new ArrayList<>();
        private final AtomicInteger nextInstance = new AtomicInteger();
        private final AtomicInteger nextWatcher = new AtomicInteger();
        private final List<ChildJvm> apps = new ArrayList<>();
        private final ChildJvm app;
        private int brokerPort;
        private ChildJvm broker;
        private final WebSocketStompClient client;
        private final WebSocketHttpHeaders handshakeHeaders = new WebSocketHttpHeaders();
        private final String adminToken;
        /** A database of its own on the local PostgreSQL server ({@code database=postgres}), or null for H2 in memory. */
        private final PostgresTestDatabase postgres;

        AppTarget(String mode, Options options) throws Exception {
            super(mode, options);
            boolean pair = mode.equals("pair");
            if (pair && !options.database().equals("postgres")) {
                throw new IllegalArgumentException("the pair target shares one database: run it with database=postgres");
            }
            this.postgres = options.database().equals("postgres") ? PostgresTestDatabase.create() : null;
            List<String> args = new ArrayList<>(List.of(
                    "--attendance.demo-data=true",
                    // A run outlives the default 15 minute token. Sessions: the defaults (18,000).
                    "--attendance.security.token-ttl=4h",
                    "--attendance.security.jwt-secret=" + SIGNING_KEY));
            if (postgres == null) {
                args.add("--spring.datasource.url=jdbc:h2:mem:loadgen;DB_CLOSE_DELAY=-1;QUERY_CACHE_SIZE=64");
            }
            else {
                args.add("--spring.datasource.url=" + postgres.url());
                args.add("--spring.datasource.username=" + postgres.username());
                args.add("--spring.datasource.password=");
            }
            if (mode.equals("external") || pair) {
                brokerPort = freePort();
                broker = startBroker("external-broker", options, brokerPort);
                processes.add(broker);
                args.add("--attendance.broker.mode=external");
                args.add("--attendance.broker.port=" + brokerPort);
            }
            else {
                args.add("--attendance.broker.mode=" + mode);
                args.add("--attendance.broker.port=0");
            }
            if (options.scenarios().contains("checkins")) {
                args.add("--loadgen.classes=" + options.classes());
                args.add("--loadgen.students-per-class=" + CheckInBurstScenario.studentsPerClass(options));
            }
            if (options.scenarios().contains("replay")) {
                args.add("--loadgen.replay-events=" + options.replayEvents());
            }
            args.addAll(options.appArgs());
            // One after the other: the first one's demo and load data are in place when the second starts.
            for (String instance : pair ? List.of("-app-a", "-app-b") : List.of("-app")) {
                int port = freePort();
                List<String> instanceArgs = new ArrayList<>(args);
                instanceArgs.add("--server.port=" + port);
                ChildJvm started = ChildJvm.start(mode + instance, options.appJvm(), LoadgenApp.class.getName(),
                        instanceArgs, options.output().resolve(mode + instance + ".log"));
                processes.add(started);
                try {
                    awaitReady(started, port);
                }
                catch (Exception ex) {
                    super.close();
                    dropDatabase();
                    throw ex;
                }
                ports.add(port);
                apps.add(started);
            }
            this.app = apps.get(0);
            this.client = stompClient();
            this.adminToken = token(options.user(), options.password());
        }

        /**
         * The app already running on {@code ports}, started by another JVM: sessions only (no admin
         * token, no process of its own), for a JVM of clients beside the generator ({@code ReplayClients}).
         */
        AppTarget(String mode, Options options, List<Integer> ports) {
            super(mode, options);
            this.postgres = null;
            this.ports.addAll(ports);
            this.app = null;
            this.client = stompClient();
            this.adminToken = null;
        }

        private WebSocketStompClient stompClient() {
            StandardWebSocketClient transport = StompTestClient.tomcatWebSocketClient();
            WebSocketStompClient stomp = new WebSocketStompClient(transport);
            stomp.setInboundMessageSizeLimit(64 * 1024);
            configure(stomp);
            if (options.compression()) {
                // As every browser does: the server decides whether the session compresses.
                handshakeHeaders.setSecWebSocketExtensions(List.of(new WebSocketExtension("permessage-deflate")));
            }
            return stomp;
        }

        private static void awaitReady(ChildJvm app, int port) {
            // Generous: on a 2-core machine shared with other builds (load average 40) a start has taken over 5 minutes.
            app.awaitReady("ready", Duration.ofSeconds(600), () -> {
                try {
                    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                }
                catch (IOException notYet) {
                    return false;
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            });
        }

        /** A bearer token from {@code POST /api/auth/token}, or null where the app has no such endpoint yet. */
        String token(String user, String password) throws Exception {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(httpBase() + "/api/auth/token"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            Matcher matcher = TOKEN.matcher(response.body());
            if (response.statusCode() == 200 && matcher.find()) {
                return matcher.group(1);
            }
            return null;
        }

        boolean authenticated() {
            return adminToken != null;
        }

        String adminToken() {
            return adminToken;
        }

        /** The next instance's base URL, round robin. */
        @Override
        String httpBase() {
            return "http://127.0.0.1:" + nextPort();
        }

        private int nextPort() {
            return ports.get(Math.floorMod(nextInstance.getAndIncrement(), ports.size()));
        }

        int instances() {
            return ports.size();
        }

        /** The instances' HTTP ports, in round-robin order. */
        List<Integer> ports() {
            return List.copyOf(ports);
        }

        /** A gauge's value (first sample) on each instance. */
        List<String> metricOnEachInstance(String name) throws Exception {
            List<String> values = new ArrayList<>();
            for (int i = 0; i < ports.size(); i++) {
                values.add(metric(name));
            }
            return values;
        }

        /** Kills the external broker ({@code kill -9}); false when there is none. */
        boolean killBroker() throws InterruptedException {
            if (broker == null) {
                return false;
            }
            broker.kill();
            return true;
        }

        /** Starts the external broker again on its port, as an operator would after an outage. */
        void restartBroker() throws Exception {
            processes.remove(broker);
            broker = startBroker("external-broker-restarted", options, brokerPort);
            processes.add(0, broker);
        }

        @Override
        ChildJvm mainProcess() {
            return app;
        }

        @Override
        CompletableFuture<StompSession> connect(StompSessionHandler handler) {
            return connect(handler, null);
        }

        @Override
        CompletableFuture<StompSession> connect(StompSessionHandler handler, String token) {
            StompHeaders headers = new StompHeaders();
            String bearer = token != null ? token : watcherToken();
            if (bearer != null) {
                headers.add("Authorization", "Bearer " + bearer);
            }
            return client.connectAsync("ws://127.0.0.1:" + nextPort() + "/ws", handshakeHeaders, headers, handler);
        }

        @Override
        String sessionToken(String token) {
            return token != null ? token : watcherToken();
        }

        /**
         * A student's token, signed here with the key the app was started with: thousands of students
         * signing in one by one would measure the password hash, not the morning.
         */
        String studentToken(String student) {
            return signedToken(student, "STUDENT");
        }

        /**
         * A dashboard's or watcher's token: an ADMIN of its own per session, as every teacher and
         * projector has an account of its own (one account for thousands of sessions would meet
         * {@code attendance.security.max-sessions-per-user}).
         */
        String watcherToken() {
            return signedToken("loadgen-watcher-" + nextWatcher.incrementAndGet(), "ADMIN");
        }

        private String signedToken(String subject, String role) {
            JwtClaimsSet claims = JwtClaimsSet.builder().issuer("attendance-live").subject(subject)
                    .issuedAt(Instant.now()).expiresAt(Instant.now().plus(Duration.ofHours(4)))
                    .claim("roles", List.of(role)).build();
            return STUDENT_TOKENS.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
                    .getTokenValue();
        }

        @Override
        void publish(String destination, int count, double rate, int size) throws Exception {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(httpBase()
                    + "/loadgen/publish?destination=" + destination + "&count=" + count + "&rate=" + rate + "&size=" + size))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 202) {
                throw new IllegalStateException("publish hook answered " + response.statusCode() + ": " + response.body());
            }
        }

        @Override
        public void close() {
            client.stop();
            super.close();
            dropDatabase();
        }

        private void dropDatabase() {
            if (postgres != null) {
                postgres.drop();
            }
        }
    }

    /** ActiveMQ alone, in its own JVM; clients speak STOMP over TCP straight to it. */
    static final class DirectTarget extends Target {

        private final ChildJvm broker;
        private final ReactorNettyTcpStompClient client;
        private volatile StompSession publisher;

        DirectTarget(Options options) throws Exception {
            super("direct", options);
            int port = freePort();
            this.broker = startBroker("direct-broker", options, port);
            processes.add(broker);
            this.client = new ReactorNettyTcpStompClient("127.0.0.1", port);
            configure(client);
        }

        @Override
        ChildJvm mainProcess() {
            return broker;
        }

        @Override
        CompletableFuture<StompSession> connect(StompSessionHandler handler) {
            StompHeaders headers = new StompHeaders();
            headers.setLogin("guest");
            headers.setPasscode("guest");
            return client.connectAsync(headers, handler);
        }

        @Override
        void publish(String destination, int count, double rate, int size) throws Exception {
            if (publisher == null) {
                publisher = connect(new StompSessionHandlerAdapter() { }).get();
            }
            StompSession session = publisher;
            Thread thread = new Thread(() -> Payloads.paced(count, rate, (seq, body) -> session.send(destination, body), size),
                    "loadgen-direct-publisher");
            thread.start();
        }

        /** One message on the broker, from the publishing session. */
        void send(String destination, String body) throws Exception {
            if (publisher == null) {
                publisher = connect(new StompSessionHandlerAdapter() { }).get();
            }
            publisher.send(destination, body);
        }

        @Override
        public void close() {
            if (publisher != null && publisher.isConnected()) {
                publisher.disconnect();
            }
            client.shutdown();
            super.close();
        }
    }

}
