package com.attendancelive.broker;

/** Where STOMP messages for {@code /topic} and {@code /queue} go. */
public enum BrokerMode {
    /** Start an ActiveMQ Classic broker in this process and relay to it. */
    EMBEDDED,
    /** Relay to a broker started elsewhere (shared by several instances). */
    EXTERNAL,
    /** Spring's in-memory broker: one instance only, a baseline for benchmarks. */
    SIMPLE
}
