package com.attendancelive.loadgen;

import com.attendancelive.support.ChildJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;

/**
 * Scenario 4's replaying sessions in a JVM of their own ({@code replayJvm=true}), so that the
 * generator's JVM reads only the live stream and the storm's latency is the app's, not the
 * generator's reading of tens of thousands of replayed messages a second (both JVMs still share the
 * machine's cores).
 *
 * <p>With its parent ({@link Child}): arguments {@code key=value} ({@link #DEFAULTS}); it connects
 * and closes one session (so that the storm does not include the client's class loading), prints
 * {@value #READY}, waits for the line {@code go} on its standard input, opens the sessions as
 * {@link Replays} does in the generator's JVM, waits until every session got every event or 120 s,
 * prints {@link Replays.Result#lines()}, and keeps the sessions open until the line {@code close}
 * (or the end of its input), as the generator keeps them until the live stream has been measured.
 */
final class ReplayClients {

    static final String READY = "REPLAY-READY";

    /** {@code ports}: the app's instances (HTTP and WebSocket); {@code tokens}: a file of one token per session. */
    private static final Map<String, String> DEFAULTS = Map.of("target", "embedded", "ports", "", "sessions", "500",
            "events", "1000", "connectWindow", "500", "tokens", "", "heartbeatMillis", "10000", "compression", "true");

    private ReplayClients() {
    }

    public static void main(String[] args) {
        try {
            run(Options.arguments(DEFAULTS, args));
            System.exit(0);
        }
        catch (Exception | Error ex) {
            ex.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(Map<String, String> arguments) throws Exception {
        Options options = Options.parse("heartbeatMillis=" + arguments.get("heartbeatMillis"),
                "compression=" + arguments.get("compression"));
        List<Integer> ports = Arrays.stream(arguments.get("ports").split(",")).map(Integer::valueOf).toList();
        List<String> tokens = Files.readAllLines(Path.of(arguments.get("tokens")));
        int sessions = Integer.parseInt(arguments.get("sessions"));
        BufferedReader parent = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (Target.AppTarget app = new Target.AppTarget(arguments.get("target"), options, ports)) {
            app.connect(new StompSessionHandlerAdapter() { }, tokens.get(0)).get(60, TimeUnit.SECONDS).disconnect();
            System.out.println(READY);
            if (!"go".equals(parent.readLine())) {
                throw new IllegalStateException("no go from the generator");
            }
            try (Replays replays = Replays.open(app, sessions, Integer.parseInt(arguments.get("connectWindow")),
                    Integer.parseInt(arguments.get("events")), tokens::get)) {
                replays.awaitDone(Duration.ofSeconds(120));
                replays.result().lines().forEach(System.out::println);
                System.out.flush();
                parent.readLine(); // "close", or null when the generator is gone
            }
        }
    }

    /** The generator's side: the JVM of replaying clients for one target, started before it is needed. */
    static final class Child implements AutoCloseable {

        private final ChildJvm jvm;
        private final int sessions;
        private final Path tokens;

        private Child(ChildJvm jvm, int sessions, Path tokens) {
            this.jvm = jvm;
            this.sessions = sessions;
            this.tokens = tokens;
        }

        /**
         * Starts the JVM (the test classpath, the JVM's default options) for {@code options.replaySubscribers()}
         * sessions, {@code window} connecting at once, each with a watcher token signed here, as the
         * generator's own sessions get one. Its log is {@code replay-clients-<target>.log} in the output.
         */
        static Child start(Target.AppTarget app, Options options, int window) throws IOException {
            String name = "replay-clients-" + app.name();
            Path tokens = options.output().resolve(name + ".tokens");
            Files.write(tokens, IntStream.range(0, options.replaySubscribers()).mapToObj(i -> app.watcherToken()).toList());
            String ports = app.ports().stream().map(String::valueOf).collect(Collectors.joining(","));
            ChildJvm jvm = ChildJvm.start(name, List.of(), ReplayClients.class.getName(), List.of("target=" + app.name(),
                    "ports=" + ports, "sessions=" + options.replaySubscribers(), "events=" + options.replayEvents(),
                    "connectWindow=" + window, "tokens=" + tokens.toAbsolutePath(),
                    "heartbeatMillis=" + options.heartbeatMillis(), "compression=" + options.compression()),
                    options.output().resolve(name + ".log"));
            return new Child(jvm, options.replaySubscribers(), tokens);
        }

        /** Waits until the JVM has started and connected its first session. */
        void awaitReady() {
            jvm.awaitReady("ready", Duration.ofSeconds(120), () -> output().lines().anyMatch(READY::equals));
        }

        /** Starts the storm; returns once every session got every event (or the JVM's 120 s ran out), sessions still open. */
        Replays.Result storm() throws IOException {
            jvm.send("go");
            // Sessions.open waits up to max(120, sessions / 20) s for the subscriptions, then the replays up to 120 s.
            Duration timeout = Duration.ofSeconds(Math.max(120, sessions / 20) + 120 + 60);
            jvm.awaitReady("done", timeout, () -> {
                String output = output();
                int result = output.indexOf(Replays.Result.LINE + " ");
                return result >= 0 && output.indexOf('\n', result) > 0; // the whole line
            });
            return Replays.Result.parse(output().lines().toList());
        }

        private String output() {
            try {
                return new String(Files.readAllBytes(jvm.log()), StandardCharsets.UTF_8);
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }

        Path log() {
            return jvm.log();
        }

        /** Closes the sessions (the line {@code close}) and waits for the JVM to exit; stops it if it does not. */
        @Override
        public void close() throws InterruptedException, IOException {
            try {
                if (jvm.isAlive()) {
                    jvm.send("close");
                    jvm.waitForExit(Duration.ofSeconds(60));
                }
            }
            catch (IOException gone) {
                // exited meanwhile
            }
            jvm.close();
            Files.deleteIfExists(tokens);
        }
    }
}
