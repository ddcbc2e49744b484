package com.attendancelive.frontend;

import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs frontend-sample/tests/e2e.mjs (Playwright driving Debian's headless Chromium) against the
 * running app. Where node, the npm packages or Chromium are missing, the browser tests are
 * skipped, unless ATTENDANCE_REQUIRE_BROWSER=true (set by .ci/run), where they fail.
 */
final class BrowserScript {

    static final Path FRONTEND = Path.of("frontend-sample").toAbsolutePath();
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private static final Logger log = LoggerFactory.getLogger(BrowserScript.class);

    private BrowserScript() {
    }

    /** Skips (or, where required, fails) the calling test when the browser toolchain is missing. */
    static void assumeAvailable() {
        assume("Browser tests", "playwright-core", true);
    }

    /** Skips (or, where required, fails) the calling test when node or the npm packages (the QR decoder) are missing. */
    static void assumeNode() {
        assume("The client's unit tests", "jsqr", false);
    }

    private static void assume(String tests, String npmPackage, boolean chromium) {
        List<String> missing = new ArrayList<>();
        if (!nodeRuns()) {
            missing.add("node on the PATH");
        }
        if (!Files.isDirectory(FRONTEND.resolve("node_modules/" + npmPackage))) {
            missing.add("frontend-sample/node_modules (run npm ci in frontend-sample)");
        }
        if (chromium && !Files.isExecutable(CHROMIUM)) {
            missing.add(CHROMIUM + " (apt-get install chromium)");
        }
        if (missing.isEmpty()) {
            return;
        }
        String message = tests + " need " + String.join(", ", missing);
        if (Boolean.parseBoolean(System.getenv("ATTENDANCE_REQUIRE_BROWSER"))) {
            fail(message + " (ATTENDANCE_REQUIRE_BROWSER=true)");
        }
        log.warn("{}; skipped (set ATTENDANCE_REQUIRE_BROWSER=true to make this a failure)", message);
        Assumptions.abort(message + "; skipped");
    }

    /** Runs one scenario of e2e.mjs against http://localhost:port, with its settings (key=value); returns its exit code. */
    static int run(int port, String scenario, long timeoutSeconds, String... settings) throws IOException, InterruptedException {
        List<String> arguments = new ArrayList<>(List.of("tests/e2e.mjs", "http://localhost:" + port, scenario));
        arguments.addAll(List.of(settings));
        return node(scenario, timeoutSeconds, arguments.toArray(String[]::new));
    }

    /** Runs node in frontend-sample with the given arguments, logging its output; returns its exit code. */
    static int node(String name, long timeoutSeconds, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(FRONTEND.toFile())
                .redirectErrorStream(true);
        Process process = builder.start();
        // Not inheritIO: the forked test JVM's own stdout is Surefire's channel.
        Thread output = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                reader.lines().forEach(line -> log.info("[{}] {}", name, line));
            }
            catch (IOException ex) {
                log.warn("Lost the browser script's output", ex);
            }
        }, "e2e-output");
        output.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            output.join(5000);
            fail("node " + String.join(" ", arguments) + " did not finish within " + timeoutSeconds + " s");
        }
        output.join(5000);
        return process.exitValue();
    }

    private static boolean nodeRuns() {
        try {
            Process node = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            node.getInputStream().readAllBytes();
            return node.waitFor(20, TimeUnit.SECONDS) && node.exitValue() == 0;
        }
        catch (IOException ex) {
            return false;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
