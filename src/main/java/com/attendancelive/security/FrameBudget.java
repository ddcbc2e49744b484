package com.attendancelive.security;

/** Frames a session may still send in the current one-second window. */
final class FrameBudget {

    private final int perSecond;
    private long windowStart = System.nanoTime();
    private int used;

    FrameBudget(int perSecond) {
        this.perSecond = perSecond;
    }

    synchronized boolean take() {
        long now = System.nanoTime();
        if (now - windowStart >= 1_000_000_000L) {
            windowStart = now;
            used = 0;
        }
        return ++used <= perSecond;
    }
}
