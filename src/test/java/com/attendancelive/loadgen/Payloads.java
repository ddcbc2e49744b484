package com.attendancelive.loadgen;

import java.time.Instant;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;

/**
 * Message bodies that carry their send time: {@code <seq>:<epoch micros>:<padding>}, or, for the
 * app's events, a JSON event whose {@code sent} field holds the epoch micros.
 */
final class Payloads {

    private static final String SENT = "\"sent\":";

    private Payloads() {
    }

    static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    static String body(long seq, int size) {
        StringBuilder body = new StringBuilder(size).append(seq).append(':').append(nowMicros()).append(':');
        while (body.length() < size) {
            body.append('x');
        }
        return body.toString();
    }

    /** Microseconds since the body was made; both ends read the same wall clock (one machine). */
    static long ageMicros(String body) {
        if (body.startsWith("{")) {
            int sent = body.indexOf(SENT) + SENT.length();
            int end = sent;
            while (end < body.length() && Character.isDigit(body.charAt(end))) {
                end++;
            }
            return nowMicros() - Long.parseLong(body, sent, end, 10);
        }
        int first = body.indexOf(':');
        int second = body.indexOf(':', first + 1);
        return nowMicros() - Long.parseLong(body, first + 1, second, 10);
    }

    /** Calls {@code send} {@code count} times at {@code rate} per second (0: as fast as it can). */
    static void paced(int count, double rate, BiConsumer<Long, String> send, int size) {
        long start = System.nanoTime();
        double interval = rate > 0 ? 1_000_000_000d / rate : 0;
        for (long seq = 0; seq < count; seq++) {
            if (interval > 0) {
                parkUntil(start + (long) (seq * interval));
            }
            send.accept(seq, body(seq, size));
        }
    }

    static void parkUntil(long deadlineNanos) {
        long wait;
        while ((wait = deadlineNanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }
}
