package com.attendancelive.broker;

/** Where STOMP messages for {@code /topic} and {@code /queue} go. */
public enum BrokerMode {
    /** Start an ActiveMQ Classic broker in this process and relay to it. */
    EMBEDDED(3),
    /** Relay to a broker started elsewhere (shared by several instances). */
    EXTERNAL(2),
    /** Spring's in-memory broker: one instance only, a baseline for benchmarks. */
    SIMPLE(1);

    private final int descriptorsPerSession;

    BrokerMode(int descriptorsPerSession) {
        this.descriptorsPerSession = descriptorsPerSession;
    }

    /**
     * File descriptors one STOMP session holds in this process: its WebSocket, plus the relay's
     * broker connection when relayed, plus the broker's end of that connection when embedded.
     */
    public int descriptorsPerSession() {
        return descriptorsPerSession;
    }
}
