package com.attendancelive.multi;

import com.attendancelive.support.EmbeddedArtemis;

/** External mode against ActiveMQ Artemis (embedded in the test, STOMP acceptor with Spring-style prefixes). */
class ArtemisInstancesTest extends CrossInstanceContract {

    @Override
    protected Broker startBroker() {
        EmbeddedArtemis broker = EmbeddedArtemis.startOnFreePort();
        return Broker.started(broker.port(), broker::close);
    }
}
