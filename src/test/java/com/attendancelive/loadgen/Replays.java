package com.attendancelive.loadgen;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Scenario 4's replaying sessions: each subscribes to the replay class with {@code after-seq:0} and
 * counts what it gets: how many events, whether exactly 1..E in order, and when it had them all
 * (from the moment the sessions started to connect). In the generator's JVM, or in a JVM of their
 * own ({@link ReplayClients}, {@code replayJvm=true}), which hands its {@link Result} back as text.
 */
final class Replays implements AutoCloseable {

    private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");

    private final int count;
    private final int events;
    private final Map<Integer, long[]> progress = new ConcurrentHashMap<>(); // session: last seq, count, out of order, done at
    private final AtomicLong complete = new AtomicLong();
    private final Recorder replayTime = new Recorder(3);
    private final long start = System.nanoTime();
    private Sessions sessions;
    private double doneSeconds = Double.NaN;

    private Replays(int count, int events) {
        this.count = count;
        this.events = events;
    }

    /**
     * Opens {@code count} replaying sessions, {@code window} connecting at once; session {@code i}
     * signs in with {@code tokens.apply(i)} (null: the target's default user). Returns once they are subscribed.
     */
    static Replays open(Target target, int count, int window, int events, IntFunction<String> tokens)
            throws InterruptedException {
        Replays replays = new Replays(count, events);
        replays.sessions = Sessions.open(target, count, window, i -> "/topic/attendance/" + LoadgenData.REPLAY_CLASS,
                tokens, i -> body -> replays.received(i, body), Map.of("after-seq", "0"));
        return replays;
    }

    private void received(int session, String body) {
        long[] state = progress.computeIfAbsent(session, key -> new long[4]);
        Matcher seq = SEQ.matcher(body);
        long value = seq.find() ? Long.parseLong(seq.group(1)) : -1;
        synchronized (state) {
            if (value != state[0] + 1) {
                state[2]++;
            }
            state[0] = value;
            if (++state[1] == events) {
                replayTime.recordValue((System.nanoTime() - start) / 1_000);
                complete.incrementAndGet();
            }
        }
    }

    /** Waits until every subscribed session got all its events, or {@code timeout}; returns the seconds since the start. */
    double awaitDone(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (complete.get() < count - sessions.failures && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        doneSeconds = (System.nanoTime() - start) / 1e9;
        return doneSeconds;
    }

    /** The figures as of now (the replay-complete histogram since the last call). */
    Result result() {
        long outOfOrder = progress.values().stream().mapToLong(state -> state[2]).sum();
        long replayed = progress.values().stream().mapToLong(state -> state[1]).sum();
        List<String> errors;
        synchronized (sessions.errors) {
            errors = List.copyOf(sessions.errors);
        }
        return new Result(count - sessions.failures, complete.get(), replayed, outOfOrder, doneSeconds,
                replayTime.getIntervalHistogram(), sessions.closedByServer.get(), errors);
    }

    @Override
    public void close() {
        sessions.close();
    }

    /**
     * What the replaying sessions got: {@code sessions} subscribed, {@code complete} of them with all
     * their events, {@code received} events in all, {@code outOfOrder} out of order or repeated,
     * {@code doneSeconds} until every session was complete (or the wait ended), the replay-complete
     * times (microseconds), sessions the server closed, and the first errors.
     */
    record Result(int sessions, long complete, long received, long outOfOrder, double doneSeconds, Histogram replayComplete,
            int closedByServer, List<String> errors) {

        static final String LINE = "REPLAY-RESULT";
        static final String ERROR = "REPLAY-ERROR";

        /** As a JVM of replaying clients prints it: an error line each (at most 5), then one line of figures. */
        List<String> lines() {
            List<String> lines = new ArrayList<>();
            errors.stream().limit(5).forEach(error -> lines.add(ERROR + " " + error.replace('\n', ' ')));
            boolean any = replayComplete.getTotalCount() > 0;
            lines.add(String.format(Locale.ROOT,
                    "%s sessions=%d complete=%d received=%d outOfOrder=%d doneAfterMs=%.1f replayCompleteP50Ms=%s"
                            + " replayCompleteP99Ms=%s closedByServer=%d histogram=%s",
                    LINE, sessions, complete, received, outOfOrder, doneSeconds * 1000,
                    any ? replayComplete.getValueAtPercentile(50) / 1000d : "none",
                    any ? replayComplete.getValueAtPercentile(99) / 1000d : "none", closedByServer, encode(replayComplete)));
            return lines;
        }

        /** The result in a JVM's output (other lines are skipped); throws where it has no result line. */
        static Result parse(List<String> output) {
            List<String> errors = new ArrayList<>();
            Map<String, String> values = null;
            for (String line : output) {
                if (line.startsWith(ERROR + " ")) {
                    errors.add(line.substring(ERROR.length() + 1));
                }
                else if (line.startsWith(LINE + " ")) {
                    values = new HashMap<>();
                    for (String field : line.substring(LINE.length() + 1).split(" ")) {
                        int eq = field.indexOf('=');
                        values.put(field.substring(0, eq), field.substring(eq + 1));
                    }
                }
            }
            if (values == null) {
                throw new IllegalStateException("no " + LINE + " line");
            }
            return new Result(Integer.parseInt(values.get("sessions")), Long.parseLong(values.get("complete")),
                    Long.parseLong(values.get("received")), Long.parseLong(values.get("outOfOrder")),
                    Double.parseDouble(values.get("doneAfterMs")) / 1000, decode(values.get("histogram")),
                    Integer.parseInt(values.get("closedByServer")), errors);
        }

        private static String encode(Histogram histogram) {
            ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
            int length = histogram.encodeIntoCompressedByteBuffer(buffer);
            return Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length));
        }

        private static Histogram decode(String text) {
            try {
                return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(text)), 0);
            }
            catch (DataFormatException ex) {
                throw new IllegalStateException("unreadable histogram in the " + LINE + " line", ex);
            }
        }
    }
}
