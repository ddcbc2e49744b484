package com.attendancelive.support;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * ActiveMQ Classic in a separate JVM, started from the test classpath with the project's
 * standalone broker ({@code com.attendancelive.broker.StandaloneBrokerApplication}, the same main
 * that docs/deployment.md gives for local multi-instance trials). It can be killed and
 * restarted on the same port to simulate a broker outage.
 */
public final class ActiveMqBrokerProcess implements AutoCloseable {

    private static final String MAIN = "com.attendancelive.broker.StandaloneBrokerApplication";

    private final int port;
    private final Path log;
    private Process process;

    private ActiveMqBrokerProcess(int port) {
        this.port = port;
        try {
            this.log = Files.createTempFile("activemq-process-" + port + "-", ".log");
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    public static ActiveMqBrokerProcess startOnFreePort() {
        ActiveMqBrokerProcess broker = new ActiveMqBrokerProcess(StandaloneBroker.freePort());
        broker.start();
        return broker;
    }

    public int port() {
        return port;
    }

    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), MAIN,
                "--attendance.broker.host=127.0.0.1", "--attendance.broker.port=" + port,
                "--logging.level.org.apache.activemq=WARN"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        try {
            process = builder.start();
        }
        catch (IOException ex) {
            throw new IllegalStateException("Could not start the broker JVM", ex);
        }
        try {
            // Generous: a JVM starting on a loaded machine (CI, several builds at once) can take a minute.
            awaitListening(Duration.ofSeconds(180));
        }
        catch (RuntimeException ex) {
            process.destroyForcibly();
            throw ex;
        }
    }

    private void awaitListening(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The broker JVM exited with " + process.exitValue() + "; log: " + tail());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            }
            catch (IOException notYet) {
                sleep(200);
            }
        }
        throw new IllegalStateException("The broker JVM did not listen on " + port + " within " + timeout + "; log: " + tail());
    }

    /** kill -9: the broker vanishes without closing its connections. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitFor();
        }
    }

    /** SIGTERM: the broker shuts down and closes its connections. */
    public synchronized void stop() {
        if (process != null) {
            process.destroy();
            waitFor();
        }
    }

    private void waitFor() {
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    private String tail() {
        try {
            String text = Files.readString(log);
            return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
        }
        catch (IOException ex) {
            return "(unreadable: " + ex.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        kill();
        new File(log.toString()).delete();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
