package com.attendancelive.broker;

/** Which broker carries attendance events between instances. */
public enum BrokerMode {
    /** Start an ActiveMQ Classic broker in this process and connect to it. */
    EMBEDDED,
    /** Connect to a broker started elsewhere (shared by several instances). */
    EXTERNAL,
    /** No broker: events stay in this process. One instance only, a baseline for benchmarks. */
    SIMPLE
}
