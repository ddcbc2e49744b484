package com.attendancelive.loadgen;

import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Load generator settings, given as {@code key=value} arguments named after the components, with
 * {@link #DEFAULTS}. Lists are comma separated; JVM option lists are space separated.
 */
record Options(
        List<String> targets,
        List<String> scenarios,
        int sessions,
        int connectWindow,
        int holdSeconds,
        int subscribers,
        double fanoutRate,
        int fanoutMessages,
        int burstMessages,
        int messageSize,
        double checkinRate,
        int checkinSeconds,
        int checkinConcurrency,
        String checkinBy,
        int warmupSeconds,
        int classes,
        int dashboards,
        int studentSessions,
        int replaySubscribers,
        int replayEvents,
        int replayConnectWindow,
        boolean replayJvm,
        int brokerOutageSeconds,
        int plainSessions,
        long heartbeatMillis,
        boolean compression,
        String database,
        String user,
        String password,
        List<String> appJvm,
        List<String> brokerJvm,
        List<String> appArgs,
        int brokerMaxConnections,
        Path output) {

    static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry("targets", "embedded,external,simple,direct"),
            Map.entry("scenarios", "fanout,checkins,connections"),
            Map.entry("sessions", "1000"),
            Map.entry("connectWindow", "200"),
            Map.entry("holdSeconds", "0"),
            Map.entry("subscribers", "1000"),
            Map.entry("fanoutRate", "10"),
            Map.entry("fanoutMessages", "200"),
            Map.entry("burstMessages", "100"),
            Map.entry("messageSize", "200"),
            Map.entry("checkinRate", "1000"),
            Map.entry("checkinSeconds", "10"),
            Map.entry("checkinConcurrency", "0"),
            Map.entry("checkinBy", "kiosk"),
            Map.entry("warmupSeconds", "150"),
            Map.entry("classes", "20"),
            Map.entry("dashboards", "2"),
            Map.entry("studentSessions", "0"),
            Map.entry("replaySubscribers", "500"),
            Map.entry("replayEvents", "1000"),
            Map.entry("replayConnectWindow", "0"),
            Map.entry("replayJvm", "false"),
            Map.entry("brokerOutageSeconds", "0"),
            Map.entry("plainSessions", "0"),
            Map.entry("heartbeatMillis", "10000"),
            Map.entry("compression", "true"),
            Map.entry("database", "h2"),
            Map.entry("user", "admin"),
            Map.entry("password", "demo"),
            Map.entry("appJvm", ""),
            Map.entry("brokerJvm", "-Xms64m -Xmx1g -XX:+UseG1GC"),
            Map.entry("appArgs", ""),
            Map.entry("brokerMaxConnections", "20000"),
            Map.entry("output", "target/loadgen"));

    /** The options whose lists are separated by spaces (JVM options and arguments); other lists by commas. */
    private static final Set<String> SPACE_SEPARATED = Set.of("appJvm", "brokerJvm", "appArgs");
    /** The options that take one of a few words (each element, for a list). */
    private static final Map<String, Set<String>> CHOICES = Map.of(
            "scenarios", Set.of("connections", "fanout", "checkins", "replay"),
            "checkinBy", Set.of("kiosk", "student"),
            "database", Set.of("h2", "postgres"));

    /** Each component from the argument of its name, or from {@link #DEFAULTS}. */
    static Options parse(String... args) {
        Map<String, String> values = arguments(DEFAULTS, args);
        RecordComponent[] components = Options.class.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] fields = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            fields[i] = value(components[i], values.get(components[i].getName()));
        }
        try {
            return Options.class.getDeclaredConstructor(types).newInstance(fields);
        }
        catch (ReflectiveOperationException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * {@code defaults} overridden by {@code key=value} arguments (blank ones are skipped); a key
     * that is not in {@code defaults} is refused. For the benchmarks' own arguments too.
     */
    static Map<String, String> arguments(Map<String, String> defaults, String... args) {
        Map<String, String> values = new LinkedHashMap<>(defaults);
        for (String arg : args) {
            if (arg.isBlank()) {
                continue;
            }
            int eq = arg.indexOf('=');
            if (eq < 1 || !defaults.containsKey(arg.substring(0, eq))) {
                throw new IllegalArgumentException("Unknown argument '" + arg + "'; known keys: " + new TreeSet<>(defaults.keySet()));
            }
            values.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        return values;
    }

    private static Object value(RecordComponent component, String value) {
        String name = component.getName();
        if (value == null) {
            throw new IllegalStateException("No default for option " + name);
        }
        Class<?> type = component.getType();
        if (type == int.class) {
            return Integer.parseInt(value);
        }
        if (type == long.class) {
            return Long.parseLong(value);
        }
        if (type == double.class) {
            return Double.parseDouble(value);
        }
        if (type == boolean.class) {
            return Boolean.parseBoolean(value);
        }
        if (type == Path.class) {
            return Path.of(value);
        }
        if (type == List.class) {
            List<String> list = Arrays.stream(value.split(SPACE_SEPARATED.contains(name) ? " " : ","))
                    .map(String::trim).filter(element -> !element.isEmpty()).toList();
            list.forEach(element -> requireChoice(name, element));
            return list;
        }
        return requireChoice(name, value);
    }

    private static String requireChoice(String name, String value) {
        Set<String> choices = CHOICES.get(name);
        if (choices != null && !choices.contains(value)) {
            throw new IllegalArgumentException("Unknown " + name + " " + value + " (" + String.join(", ", new TreeSet<>(choices)) + ")");
        }
        return value;
    }
}
