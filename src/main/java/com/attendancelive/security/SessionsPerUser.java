package com.attendancelive.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Open authenticated sessions per user on this instance (STOMP and plain route together), against
 * {@code attendance.security.max-sessions-per-user}, so that one account (or one stolen token)
 * cannot take the instance's whole session limit. Local to the instance, like the session limit.
 */
final class SessionsPerUser {

    private final int max;
    private final Map<String, Integer> open = new ConcurrentHashMap<>();

    SessionsPerUser(int max) {
        this.max = max;
    }

    int max() {
        return max;
    }

    boolean hasRoomFor(String username) {
        Integer count = open.get(username);
        return count == null || count < max;
    }

    /** Counts one more session of {@code username}; false, counting nothing, when the user is at the limit. */
    boolean take(String username) {
        boolean[] taken = {false};
        open.compute(username, (user, count) -> {
            int current = count == null ? 0 : count;
            if (current >= max) {
                return count;
            }
            taken[0] = true;
            return current + 1;
        });
        return taken[0];
    }

    void release(String username) {
        open.computeIfPresent(username, (user, count) -> count <= 1 ? null : count - 1);
    }

    /** Users with at least one session: the map never holds a user with none. */
    int users() {
        return open.size();
    }

    /** The message of a refusal at the limit. */
    String refusal() {
        return "too many sessions: at most " + max + " per user on this instance";
    }
}
