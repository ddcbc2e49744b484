package com.attendancelive.realtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one class's drains on the delivery threads: at most one runs or is queued at a time, and each
 * sends everything committed before it started. A seq asked for while a drain runs waits for the
 * next one, which is queued behind the other classes' drains rather than run on the same thread: a
 * busy class neither holds a thread nor blocks one.
 *
 * <p>{@code drain} sends the class's unsent events and returns the last seq the broker confirmed,
 * which covers every seq committed before it was called; it throws when sending fails.
 */
final class DrainQueue {

    private static final Logger log = LoggerFactory.getLogger(DrainQueue.class);

    private final String classId;
    private final Executor deliveryThreads;
    private final LongSupplier drain;
    /** The futures of the seqs asked for and not confirmed yet: a drain is running or queued while there are any. */
    private final NavigableMap<Long, CompletableFuture<Void>> waiting = new TreeMap<>();
    private long sentUpTo;

    DrainQueue(String classId, Executor deliveryThreads, LongSupplier drain) {
        this.classId = classId;
        this.deliveryThreads = deliveryThreads;
        this.drain = drain;
    }

    /** Completes once the class's events up to {@code seq} are confirmed; fails when their drain fails. */
    CompletableFuture<Void> request(long seq) {
        CompletableFuture<Void> sent;
        boolean schedule;
        synchronized (this) {
            if (seq <= sentUpTo) {
                return CompletableFuture.completedFuture(null);
            }
            schedule = waiting.isEmpty();
            sent = waiting.computeIfAbsent(seq, s -> new CompletableFuture<>());
        }
        if (schedule) {
            scheduleDrain();
        }
        return sent;
    }

    private void scheduleDrain() {
        try {
            deliveryThreads.execute(this::drainOnce);
        }
        catch (RejectedExecutionException stopping) {
            failWaiting(stopping);
        }
    }

    private void drainOnce() {
        long requested;
        synchronized (this) {
            requested = waiting.lastKey();
        }
        long sent;
        try {
            sent = drain.getAsLong();
        }
        catch (RuntimeException ex) {
            log.warn("Sending the attendance events of class {} failed; they stay in the outbox and go out with "
                    + "the class's next drain or when the broker connection returns: {}",
                    classId, ex.toString());
            failWaiting(ex);
            return;
        }
        catch (Error ex) {
            failWaiting(ex); // else the class would wait for a drain that never comes
            throw ex;
        }
        if (sent < requested) {
            failWaiting(new IllegalStateException(
                    "Event " + requested + " of class " + classId + " was not found to send (sent up to " + sent + ")"));
            return;
        }
        List<CompletableFuture<Void>> confirmed;
        boolean askedMeanwhile;
        synchronized (this) {
            sentUpTo = Math.max(sentUpTo, sent);
            Map<Long, CompletableFuture<Void>> done = waiting.headMap(sentUpTo, true);
            confirmed = new ArrayList<>(done.values());
            done.clear();
            askedMeanwhile = !waiting.isEmpty();
        }
        if (askedMeanwhile) {
            scheduleDrain();
        }
        // outside the monitor: a completion runs Spring Modulith's callback, a database write
        confirmed.forEach(future -> future.complete(null));
    }

    private void failWaiting(Throwable failure) {
        List<CompletableFuture<Void>> failed;
        synchronized (this) {
            failed = new ArrayList<>(waiting.values());
            waiting.clear();
        }
        failed.forEach(future -> future.completeExceptionally(failure));
    }
}
