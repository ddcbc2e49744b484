package com.attendancelive.multi;

import com.attendancelive.support.ActiveMqBrokerProcess;

/** External mode against ActiveMQ Classic running in its own JVM (the project's standalone broker). */
class ActiveMqClassicInstancesTest extends CrossInstanceContract {

    @Override
    protected Broker startBroker() {
        ActiveMqBrokerProcess broker = ActiveMqBrokerProcess.startOnFreePort();
        return Broker.started(broker.port(), broker::close);
    }
}
