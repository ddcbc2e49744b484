package com.attendancelive.loadgen;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.HdrHistogram.Histogram;

/**
 * The load generator: starts each system under test in its own JVM ({@code embedded},
 * {@code external} with its broker JVM, {@code simple}, and {@code direct}: the broker alone),
 * runs the scenarios against it over real STOMP over WebSocket (TCP for {@code direct}) and REST,
 * and prints one table per scenario with the baselines and the ratios. See docs/benchmarks.md.
 *
 * <pre>./mvnw -q test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=com.attendancelive.loadgen.LoadGenerator -Dexec.args="sessions=9000 subscribers=1000"</pre>
 */
public final class LoadGenerator {

    private LoadGenerator() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        List<Figures> results = run(options, System.out);
        String report = report(options, results);
        System.out.println(report);
        Files.writeString(options.output().resolve("report.md"), report);
        System.exit(0);
    }

    static List<Figures> run(Options options, PrintStream log) throws IOException {
        Files.createDirectories(options.output());
        List<Figures> results = new ArrayList<>();
        for (String name : options.targets()) {
            log.printf("== %s: starting%n", name);
            try (Target target = Target.create(name, options)) {
                if (target instanceof Target.AppTarget app && !app.authenticated()) {
                    log.printf("   (no token from POST /api/auth/token: sessions connect without one)%n");
                }
                // connections last: it stops the instance to time the shutdown.
                for (String scenario : List.of("fanout", "checkins", "replay", "connections")) {
                    if (!options.scenarios().contains(scenario)) {
                        continue;
                    }
                    log.printf("== %s: %s%n", name, scenario);
                    Figures figures = switch (scenario) {
                        case "fanout" -> FanOutScenario.run(target, options);
                        case "checkins" -> CheckInBurstScenario.run(target, options);
                        case "replay" -> ReplayStormScenario.run(target, options);
                        default -> ConnectionsScenario.run(target, options);
                    };
                    results.add(figures);
                    log.print(figures.notes);
                    for (Map.Entry<String, Double> value : figures.values.entrySet()) {
                        log.printf(Locale.ROOT, "   %-40s %,.2f%n", value.getKey(), value.getValue());
                    }
                    for (Map.Entry<String, Histogram> histogram : figures.histograms.entrySet()) {
                        String file = scenario + "-" + name + "-" + histogram.getKey().replace(' ', '-') + ".hgrm";
                        try (PrintStream out = new PrintStream(options.output().resolve(file).toFile())) {
                            histogram.getValue().outputPercentileDistribution(out, 1000.0); // in ms
                        }
                    }
                }
            }
            catch (Exception ex) {
                log.printf("== %s: FAILED: %s%n", name, ex);
                Figures failed = new Figures("error", name);
                failed.note(ex.toString());
                results.add(failed);
            }
        }
        writePlots(options, results);
        return results;
    }

    /** One SVG per latency histogram name, with a curve per target. */
    private static void writePlots(Options options, List<Figures> results) throws IOException {
        Map<String, Map<String, Histogram>> byName = new java.util.TreeMap<>();
        for (Figures figures : results) {
            figures.histograms.forEach((name, histogram) -> byName
                    .computeIfAbsent(figures.scenario + "-" + name.replace(' ', '-'), n -> new java.util.LinkedHashMap<>())
                    .put(figures.target, histogram));
        }
        for (Map.Entry<String, Map<String, Histogram>> plot : byName.entrySet()) {
            Files.writeString(options.output().resolve(plot.getKey() + ".svg"), LatencyPlot.svg(plot.getKey(), plot.getValue()));
        }
    }

    /** One markdown table per scenario: a column per target, then each relayed target over each baseline. */
    static String report(Options options, List<Figures> results) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Load generator run: %s, %d cores, load average %.2f at the end%n%n",
                options, Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        for (String scenario : List.of("connections", "fanout", "checkins", "replay", "error")) {
            List<Figures> rows = results.stream().filter(f -> f.scenario.equals(scenario)).toList();
            if (rows.isEmpty()) {
                continue;
            }
            out.append("### ").append(scenario).append("\n\n");
            if (scenario.equals("error")) {
                rows.forEach(f -> out.append("- ").append(f.target).append(": ").append(f.notes.toString().strip()).append('\n'));
                continue;
            }
            List<String> targets = rows.stream().map(f -> f.target).toList();
            List<String[]> ratios = new ArrayList<>();
            for (String relayed : List.of("embedded", "external")) {
                for (String baseline : List.of("direct", "simple")) {
                    if (targets.contains(relayed) && targets.contains(baseline)) {
                        ratios.add(new String[] {relayed, baseline});
                    }
                }
            }
            out.append("| figure |");
            targets.forEach(t -> out.append(' ').append(t).append(" |"));
            ratios.forEach(r -> out.append(' ').append(r[0]).append(" / ").append(r[1]).append(" |"));
            out.append("\n|---|");
            targets.forEach(t -> out.append("---:|"));
            ratios.forEach(r -> out.append("---:|"));
            out.append('\n');
            Set<String> names = new LinkedHashSet<>();
            rows.forEach(f -> names.addAll(f.values.keySet()));
            for (String name : names) {
                out.append("| ").append(name).append(" |");
                for (Figures f : rows) {
                    out.append(' ').append(format(f.get(name))).append(" |");
                }
                for (String[] r : ratios) {
                    double a = find(rows, r[0]).get(name);
                    double b = find(rows, r[1]).get(name);
                    out.append(' ').append(Double.isNaN(a) || Double.isNaN(b) || b == 0 ? "" : format(a / b)).append(" |");
                }
                out.append('\n');
            }
            out.append('\n');
            rows.stream().filter(f -> f.notes.length() > 0)
                    .forEach(f -> f.notes.toString().lines().forEach(l -> out.append("- ").append(f.target).append(": ").append(l).append('\n')));
            out.append('\n');
        }
        return out.toString();
    }

    private static Figures find(List<Figures> rows, String target) {
        return rows.stream().filter(f -> f.target.equals(target)).findFirst().orElseThrow();
    }

    private static String format(double value) {
        if (Double.isNaN(value)) {
            return "";
        }
        if (Double.isInfinite(value)) {
            return "timeout";
        }
        return Math.abs(value) >= 100 || value == Math.rint(value)
                ? String.format(Locale.ROOT, "%,.0f", value)
                : String.format(Locale.ROOT, "%.2f", value);
    }
}
