package com.attendancelive.broker;

import java.net.InetSocketAddress;

/**
 * Where the instance's broker connection goes. Resolved on every connection attempt, because an embedded broker
 * on port 0 only knows its port once it has started, and it starts after that connection is configured.
 */
@FunctionalInterface
public interface BrokerAddress {

    InetSocketAddress socketAddress();
}
