package com.attendancelive.multi;

import com.attendancelive.support.ActiveMqBrokerProcess;
import com.attendancelive.support.AppInstance;
import java.util.Map;
import org.junit.jupiter.api.Tag;

/** External mode against ActiveMQ Classic running in its own JVM (the project's standalone broker). */
@Tag("slow")
class ActiveMqClassicInstancesTest extends CrossInstanceContract {

    private ActiveMqBrokerProcess broker;

    @Override
    protected Map<String, Object> startBroker() {
        broker = ActiveMqBrokerProcess.startOnFreePort();
        return AppInstance.externalBroker(broker.port());
    }

    @Override
    protected void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }
}
