package com.attendancelive.support;

import com.attendancelive.AttendanceLiveApplication;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.messaging.simp.SimpMessagingTemplate;

/**
 * One application instance started by a test in this JVM: its own Spring context, web server on
 * a free port, and whatever broker and database the given properties name. Several of them
 * sharing one broker (and database) are what a load-balanced deployment looks like.
 */
public final class AppInstance implements AutoCloseable {

    /** The HS256 key all test instances share, as a deployment's instances must. */
    public static final String SHARED_JWT_SECRET = "multi-instance-test-secret-0123456789abcdefghijklmnop";

    private final String name;
    private final ConfigurableApplicationContext context;

    private AppInstance(String name, ConfigurableApplicationContext context) {
        this.name = name;
        this.context = context;
    }

    /** Starts an instance with the {@code test} profile, a free HTTP port and the given properties. */
    public static AppInstance start(String name, Map<String, ?> properties, Class<?>... extraSources) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("server.port", 0);
        all.put("spring.application.name", "attendance-" + name);
        // Every instance signs and accepts the same tokens, and knows the demo users.
        all.put("attendance.security.jwt-secret", SHARED_JWT_SECRET);
        all.put("attendance.demo-data", true);
        all.putAll(properties);
        List<String> pairs = new ArrayList<>();
        // As command-line arguments: they take precedence over application.yml (default properties would not).
        all.forEach((key, value) -> pairs.add("--" + key + "=" + value));
        List<Class<?>> sources = new ArrayList<>();
        sources.add(AttendanceLiveApplication.class);
        sources.addAll(List.of(extraSources));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(sources.toArray(Class<?>[]::new))
                .profiles("test")
                .registerShutdownHook(false)
                .run(pairs.toArray(String[]::new));
        return new AppInstance(name, context);
    }

    /** External mode, relaying to the broker at 127.0.0.1:{@code brokerPort}. */
    public static Map<String, Object> externalBroker(int brokerPort) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("attendance.broker.mode", "external");
        properties.put("attendance.broker.host", "127.0.0.1");
        properties.put("attendance.broker.port", brokerPort);
        return properties;
    }

    /**
     * {@code properties} plus the shared PostgreSQL {@code database}, with the small pools a server
     * shared with other test runs needs: request and delivery threads together fewer than pooled
     * connections, as in application.yml.
     */
    public static Map<String, Object> onDatabase(PostgresTestDatabase database, Map<String, Object> properties,
            int requestThreads) {
        Map<String, Object> all = new LinkedHashMap<>(properties);
        all.put("spring.datasource.url", database.url());
        all.put("spring.datasource.username", database.username());
        all.put("spring.datasource.password", "");
        all.put("spring.datasource.hikari.maximum-pool-size", 8);
        all.put("server.tomcat.threads.max", requestThreads);
        all.put("attendance.capacity.delivery-threads", 2);
        return all;
    }

    /** Waits until each instance is ready with its broker connection ({@link Http#awaitReady(int)}). */
    public static void awaitReady(AppInstance... instances) {
        for (AppInstance instance : instances) {
            Http.awaitReady(instance.port());
        }
    }

    /** Closes each instance that was started; null where a start did not get that far. */
    public static void closeAll(AppInstance... instances) {
        for (AppInstance instance : instances) {
            if (instance != null) {
                instance.close();
            }
        }
    }

    public String name() {
        return name;
    }

    public int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public SimpMessagingTemplate messaging() {
        return context.getBean(SimpMessagingTemplate.class);
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    public boolean isRunning() {
        return context.isActive();
    }

    /** Stops the instance as a SIGTERM would: graceful shutdown, lifecycle stop, context close. */
    @Override
    public void close() {
        if (context.isActive()) {
            context.close();
        }
    }

    @Override
    public String toString() {
        return name + "@" + (context.isActive() ? port() : "stopped");
    }
}
