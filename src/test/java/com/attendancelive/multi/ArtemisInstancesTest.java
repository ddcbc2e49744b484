package com.attendancelive.multi;

import com.attendancelive.support.AppInstance;
import com.attendancelive.support.EmbeddedArtemis;
import java.util.Map;
import org.junit.jupiter.api.Tag;

/** External mode against ActiveMQ Artemis (embedded in the test, STOMP acceptor with Spring-style prefixes). */
@Tag("slow")
class ArtemisInstancesTest extends CrossInstanceContract {

    private EmbeddedArtemis broker;

    @Override
    protected Map<String, Object> startBroker() {
        broker = EmbeddedArtemis.startOnFreePort();
        return AppInstance.externalBroker(broker.port());
    }

    @Override
    protected void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }
}
