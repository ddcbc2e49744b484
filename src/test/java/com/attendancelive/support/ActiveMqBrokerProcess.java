package com.attendancelive.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * ActiveMQ Classic in a separate JVM, started from the test classpath with the project's
 * standalone broker ({@code com.attendancelive.broker.StandaloneBrokerApplication}, the same main
 * that docs/deployment.md gives for local multi-instance trials). It can be killed and
 * restarted on the same port to simulate a broker outage.
 */
public final class ActiveMqBrokerProcess extends TestBroker {

    private static final String MAIN = "com.attendancelive.broker.StandaloneBrokerApplication";

    private final Path log;
    private ChildJvm jvm;

    private ActiveMqBrokerProcess(int port) {
        super(port);
        this.log = ChildJvm.tempLog("activemq-process-" + port);
    }

    public static ActiveMqBrokerProcess startOnFreePort() {
        return startedOnFreePort(ActiveMqBrokerProcess::new);
    }

    @Override
    public synchronized void start() {
        int port = port();
        if (jvm != null && jvm.isAlive()) {
            return;
        }
        jvm = ChildJvm.start("activemq-process-" + port, List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"), MAIN,
                List.of("--attendance.broker.host=127.0.0.1", "--attendance.broker.port=" + port,
                        "--logging.level.org.apache.activemq=WARN"), log);
        // Generous: a JVM starting on a loaded machine (CI, several builds at once) can take a minute.
        jvm.awaitListening(port, Duration.ofSeconds(180));
    }

    /** kill -9: the broker vanishes without closing its connections. */
    public synchronized void kill() {
        if (jvm != null) {
            jvm.kill();
            jvm = null;
        }
    }

    /** SIGTERM: the broker shuts down and closes its connections. */
    @Override
    public synchronized void stop() {
        if (jvm != null) {
            try {
                jvm.terminate(30);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            jvm = null;
        }
    }

    public synchronized boolean isAlive() {
        return jvm != null && jvm.isAlive();
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
