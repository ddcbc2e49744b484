package com.attendancelive.support;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The application in a JVM of its own, started from the test classpath: an instance the test can
 * kill -9 ({@link #kill()}) mid-traffic, as a crashed machine would be.
 */
public final class AppProcess implements AutoCloseable {

    private final int port;
    private final ChildJvm jvm;

    private AppProcess(int port, ChildJvm jvm) {
        this.port = port;
        this.jvm = jvm;
    }

    /** Starts the application with {@code --key=value} for each property, on a free HTTP port, and waits until ready. */
    public static AppProcess start(Map<String, ?> properties) {
        int port = TestBroker.freePort();
        List<String> args = new ArrayList<>(List.of("--server.port=" + port, "--logging.level.org.apache.activemq=WARN"));
        properties.forEach((key, value) -> args.add("--" + key + "=" + value));
        ChildJvm jvm = ChildJvm.start("app-process-" + port, List.of("-Xmx384m", "-XX:TieredStopAtLevel=1"),
                "com.attendancelive.AttendanceLiveApplication", args, ChildJvm.tempLog("app-process-" + port));
        jvm.awaitReady("ready (readiness and health UP)", Duration.ofSeconds(180), () -> Http.isReady(port));
        return new AppProcess(port, jvm);
    }

    public int port() {
        return port;
    }

    /** kill -9: no shutdown hook, no graceful anything. */
    public void kill() {
        jvm.kill();
    }

    public String logTail() {
        return jvm.tail(80);
    }

    @Override
    public void close() {
        kill();
        try {
            Files.deleteIfExists(jvm.log());
        }
        catch (IOException ignored) {
            // a temp file
        }
    }
}
