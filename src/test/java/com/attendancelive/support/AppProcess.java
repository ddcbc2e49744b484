package com.attendancelive.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The application in a JVM of its own, started from the test classpath: an instance the test can
 * kill -9 ({@link #kill()}) mid-traffic, as a crashed machine would be.
 */
public final class AppProcess implements AutoCloseable {

    private final int port;
    private final Path log;
    private final Process process;

    private AppProcess(int port, Path log, Process process) {
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /** Starts the application with {@code --key=value} for each property, on a free HTTP port, and waits until ready. */
    public static AppProcess start(Map<String, ?> properties) {
        int port = StandaloneBroker.freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "com.attendancelive.AttendanceLiveApplication", "--server.port=" + port,
                "--logging.level.org.apache.activemq=WARN"));
        properties.forEach((key, value) -> command.add("--" + key + "=" + value));
        try {
            Path log = Files.createTempFile("app-process-" + port + "-", ".log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            AppProcess app = new AppProcess(port, log, process);
            try {
                Http.awaitReady(port, java.time.Duration.ofSeconds(180));
            }
            catch (RuntimeException notReady) {
                String tail = app.logTail();
                app.kill();
                throw new IllegalStateException("The application process did not become ready; log: " + tail, notReady);
            }
            return app;
        }
        catch (IOException ex) {
            throw new IllegalStateException("Could not start the application process", ex);
        }
    }

    public int port() {
        return port;
    }

    /** kill -9: no shutdown hook, no graceful anything. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    public String logTail() {
        try {
            String text = Files.readString(log);
            return text.length() > 6000 ? text.substring(text.length() - 6000) : text;
        }
        catch (IOException ex) {
            return "(unreadable)";
        }
    }

    @Override
    public void close() {
        kill();
        try {
            Files.deleteIfExists(log);
        }
        catch (IOException ignored) {
            // a temp file
        }
    }
}
