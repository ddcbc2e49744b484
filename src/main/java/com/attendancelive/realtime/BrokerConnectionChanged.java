package com.attendancelive.realtime;

/**
 * The instance's broker connection came up (its subscription confirmed) or went down. Sessions stay
 * open either way; while it is down, events reach them from the database.
 */
public record BrokerConnectionChanged(boolean connected) {
}
