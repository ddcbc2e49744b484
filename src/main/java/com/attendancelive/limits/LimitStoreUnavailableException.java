package com.attendancelive.limits;

/**
 * The attempt counters could not be read or written (the database did not answer within
 * {@code attendance.limits.statement-timeout}, the table is locked or missing, no connection).
 * Each caller decides whether that refuses the attempt (logins) or lets it through (check-in codes).
 */
public class LimitStoreUnavailableException extends RuntimeException {

    LimitStoreUnavailableException(Throwable cause) {
        super("The attempt counters are unavailable: " + cause.getMessage(), cause);
    }
}
