package com.attendancelive.multi;

import com.attendancelive.support.AppInstance;
import com.attendancelive.support.RabbitMqStomp;
import java.util.Map;

/**
 * External mode against the machine's RabbitMQ with its STOMP plugin. The broker connection must
 * send {@code host:/} (RabbitMQ's virtual host) on CONNECT. RabbitMQ refuses {@code /} inside a
 * topic name: the one broker destination, {@code /topic/attendance-class-events}, holds none.
 */
class RabbitMqInstancesTest extends CrossInstanceContract {

    @Override
    protected Broker startBroker() {
        RabbitMqStomp.assumeAvailable();
        Map<String, Object> properties = AppInstance.externalBroker(RabbitMqStomp.PORT);
        properties.put("attendance.broker.virtual-host", RabbitMqStomp.VIRTUAL_HOST);
        return new Broker(properties, () -> {
            // RabbitMQ is the machine's, not the test's.
        });
    }
}
