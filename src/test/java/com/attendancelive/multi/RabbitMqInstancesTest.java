package com.attendancelive.multi;

import com.attendancelive.support.AppInstance;
import com.attendancelive.support.RabbitMqStomp;
import java.util.Map;
import org.junit.jupiter.api.Tag;

/**
 * External mode against the machine's RabbitMQ with its STOMP plugin. The broker connection must
 * send {@code host:/} (RabbitMQ's virtual host) on CONNECT. RabbitMQ refuses {@code /} inside a
 * topic name: the one broker destination, {@code /topic/attendance-class-events}, holds none.
 */
@Tag("slow")
class RabbitMqInstancesTest extends CrossInstanceContract {

    @Override
    protected Map<String, Object> startBroker() {
        RabbitMqStomp.assumeAvailable();
        Map<String, Object> broker = AppInstance.externalBroker(RabbitMqStomp.PORT);
        broker.put("attendance.broker.virtual-host", RabbitMqStomp.VIRTUAL_HOST);
        return broker;
    }

    @Override
    protected void stopBroker() {
        // RabbitMQ is the machine's, not the test's.
    }
}
