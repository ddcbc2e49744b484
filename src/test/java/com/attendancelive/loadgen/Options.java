package com.attendancelive.loadgen;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Load generator settings, given as {@code key=value} arguments. Lists are comma separated; JVM
 * option lists are space separated.
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

    static Options parse(String... args) {
        Map<String, String> values = new HashMap<>(DEFAULTS);
        for (String arg : args) {
            for (String pair : arg.trim().isEmpty() ? new String[0] : new String[] {arg}) {
                int eq = pair.indexOf('=');
                if (eq < 1 || !DEFAULTS.containsKey(pair.substring(0, eq))) {
                    throw new IllegalArgumentException("Unknown argument '" + pair + "'; known keys: "
                            + new java.util.TreeSet<>(DEFAULTS.keySet()));
                }
                values.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        List<String> scenarios = list(values.get("scenarios"), ",");
        for (String scenario : scenarios) {
            if (!Set.of("connections", "fanout", "checkins", "replay").contains(scenario)) {
                throw new IllegalArgumentException("Unknown scenario " + scenario + " (connections, fanout, checkins, replay)");
            }
        }
        return new Options(
                list(values.get("targets"), ","), scenarios,
                Integer.parseInt(values.get("sessions")),
                Integer.parseInt(values.get("connectWindow")),
                Integer.parseInt(values.get("holdSeconds")),
                Integer.parseInt(values.get("subscribers")),
                Double.parseDouble(values.get("fanoutRate")),
                Integer.parseInt(values.get("fanoutMessages")),
                Integer.parseInt(values.get("burstMessages")),
                Integer.parseInt(values.get("messageSize")),
                Double.parseDouble(values.get("checkinRate")),
                Integer.parseInt(values.get("checkinSeconds")),
                Integer.parseInt(values.get("checkinConcurrency")),
                checkinBy(values.get("checkinBy")),
                Integer.parseInt(values.get("warmupSeconds")),
                Integer.parseInt(values.get("classes")),
                Integer.parseInt(values.get("dashboards")),
                Integer.parseInt(values.get("studentSessions")),
                Integer.parseInt(values.get("replaySubscribers")),
                Integer.parseInt(values.get("replayEvents")),
                Integer.parseInt(values.get("brokerOutageSeconds")),
                Integer.parseInt(values.get("plainSessions")),
                Long.parseLong(values.get("heartbeatMillis")),
                Boolean.parseBoolean(values.get("compression")),
                database(values.get("database")),
                values.get("user"), values.get("password"),
                list(values.get("appJvm"), " "), list(values.get("brokerJvm"), " "),
                list(values.get("appArgs"), " "),
                Integer.parseInt(values.get("brokerMaxConnections")),
                Path.of(values.get("output")));
    }

    private static String checkinBy(String by) {
        if (!Set.of("kiosk", "student").contains(by)) {
            throw new IllegalArgumentException("Unknown checkinBy " + by + " (kiosk, student)");
        }
        return by;
    }

    private static String database(String database) {
        if (!Set.of("h2", "postgres").contains(database)) {
            throw new IllegalArgumentException("Unknown database " + database + " (h2, postgres)");
        }
        return database;
    }

    private static List<String> list(String value, String separator) {
        return Arrays.stream(value.split(separator)).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
