package com.attendancelive.multi;

import com.attendancelive.support.AppInstance;
import com.attendancelive.support.RabbitMqStomp;
import java.util.Map;

/**
 * External mode against the machine's RabbitMQ with its STOMP plugin. The relay must send
 * {@code host:/} (RabbitMQ's virtual host) on CONNECT instead of the client's host header. RabbitMQ
 * refuses {@code /} inside a topic name: the application's broker destinations hold none, and
 * {@code topic-separator=.} would spell one with a dot.
 */
class RabbitMqRelayTest extends CrossInstanceRelayContract {

    @Override
    protected Map<String, Object> startBroker() {
        RabbitMqStomp.assumeAvailable();
        Map<String, Object> relay = AppInstance.externalBroker(RabbitMqStomp.PORT);
        relay.put("attendance.broker.virtual-host", RabbitMqStomp.VIRTUAL_HOST);
        relay.put("attendance.broker.topic-separator", ".");
        return relay;
    }

    @Override
    protected void stopBroker() {
        // RabbitMQ is the machine's, not the test's.
    }
}
