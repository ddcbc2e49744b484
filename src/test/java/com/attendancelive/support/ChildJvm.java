package com.attendancelive.support;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A JVM of its own, started from this test classpath: the one launcher for the tests' child
 * processes (an application instance a test kills -9, the standalone broker, the load
 * generator's system under test, whose memory and CPU can then be read alone). Its output goes to
 * a log file, whose tail failures show.
 */
public final class ChildJvm implements AutoCloseable {

    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

    private final String name;
    private final Process process;
    private final Path log;

    private ChildJvm(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code mainClass} with the options and arguments; its output (stdout and stderr) replaces {@code log}. */
    public static ChildJvm start(String name, List<String> jvmOptions, String mainClass, List<String> args, Path log) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classpath());
        command.add(mainClass);
        command.addAll(args);
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            return new ChildJvm(name, process, log);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not start " + name, ex);
        }
    }

    /** A log file in the temporary directory, for a JVM whose log matters only while the test runs. */
    public static Path tempLog(String prefix) {
        try {
            return Files.createTempFile(prefix + "-", ".log");
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Waits until {@code ready} holds (exceptions count as "not yet"). If the JVM exits first or the
     * time runs out, it is killed and this throws with the log's tail.
     */
    public void awaitReady(String what, Duration timeout, BooleanSupplier ready) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " before " + what
                        + "; log:\n" + tail(60));
            }
            try {
                if (ready.getAsBoolean()) {
                    return;
                }
            }
            catch (RuntimeException notYet) {
                // starting
            }
            try {
                Thread.sleep(200);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                kill();
                throw new IllegalStateException(ex);
            }
        }
        String tail = tail(60);
        kill();
        throw new IllegalStateException(name + ": not " + what + " within " + timeout + "; log:\n" + tail);
    }

    /** Waits until something listens on {@code port} of 127.0.0.1. */
    public void awaitListening(int port, Duration timeout) {
        awaitReady("listening on " + port, timeout, () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return true;
            }
            catch (IOException notYet) {
                return false;
            }
        });
    }

    /**
     * This JVM's classpath. Under {@code exec:java} the project's classes are on a URLClassLoader
     * inside Maven's JVM, not on {@code java.class.path}.
     */
    public static String classpath() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader instanceof URLClassLoader urls && urls.getURLs().length > 1) {
            return Arrays.stream(urls.getURLs()).map(ChildJvm::toPath).collect(Collectors.joining(File.pathSeparator));
        }
        return System.getProperty("java.class.path");
    }

    private static String toPath(URL url) {
        try {
            return Path.of(url.toURI()).toString();
        }
        catch (Exception ex) {
            return url.getPath();
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** CPU time (user and system) the process has used so far, in ms; 0 where the system does not tell. */
    public long cpuMillis() {
        return cpuMillis(process.toHandle());
    }

    public static long cpuMillis(ProcessHandle process) {
        return process.info().totalCpuDuration().map(Duration::toMillis).orElse(0L);
    }

    /** Resident set size in bytes, from /proc. */
    public long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        }
        catch (IOException ex) {
            return -1;
        }
        return -1;
    }

    /** Open file descriptors of the process. */
    public long openFiles() {
        try (var files = Files.list(Path.of("/proc", Long.toString(pid()), "fd"))) {
            return files.count();
        }
        catch (IOException ex) {
            return -1;
        }
    }

    /** Live heap in bytes: a full GC first ({@code jcmd GC.run}), then the heap's used size. */
    public long liveHeapBytes() {
        jcmd("GC.run");
        Matcher matcher = HEAP_USED.matcher(jcmd("GC.heap_info"));
        return matcher.find() ? Long.parseLong(matcher.group(1)) * 1024 : -1;
    }

    /** The live objects by class (after a full GC), to see what a session costs. */
    public String classHistogram() {
        return jcmd("GC.class_histogram");
    }

    private String jcmd(String command) {
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(pid()), command).redirectErrorStream(true).start();
            String out = new String(jcmd.getInputStream().readAllBytes());
            jcmd.waitFor(60, TimeUnit.SECONDS);
            return out;
        }
        catch (IOException ex) {
            return "";
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** Writes one line to the process's standard input, for a child that waits for a word from its parent. */
    public void send(String line) throws IOException {
        OutputStream input = process.getOutputStream();
        input.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        input.flush();
    }

    /** Waits until the process has exited; its exit value, or -1 if it still runs after {@code timeout}. */
    public int waitForExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    /** SIGKILL ({@code kill -9}): the process ends at once, with no shutdown of its own. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM, as an orchestrator stops an instance; returns how long the process took to exit, in ms. */
    public long terminate(long timeoutSeconds) throws InterruptedException {
        long start = System.nanoTime();
        process.destroy();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            return -1;
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        }
        catch (IOException ex) {
            return "(no log: " + ex.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                }
            }
            catch (InterruptedException ex) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
