package com.attendancelive.broker;

import java.net.InetSocketAddress;

/**
 * Where the relay connects. Resolved on every connection attempt, because an embedded broker
 * on port 0 only knows its port once it has started, and it starts after the relay is configured.
 */
@FunctionalInterface
public interface BrokerAddress {

    InetSocketAddress socketAddress();
}
