package com.attendancelive.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BrokerDestinationNamesTest {

    private final BrokerInteroperability.DestinationNames rabbit = new BrokerInteroperability.DestinationNames(".");
    private final BrokerInteroperability.DestinationNames activeMq = new BrokerInteroperability.DestinationNames("/");

    @Test
    void rabbitMqGetsDotsAfterThePrefix() {
        assertThat(rabbit.toBroker("/topic/attendance/cs101")).isEqualTo("/topic/attendance.cs101");
        assertThat(rabbit.toBroker("/queue/attendance-user1a2b")).isEqualTo("/queue/attendance-user1a2b");
    }

    @Test
    void destinationsOutsideTheBrokerPrefixesAreLeftAlone() {
        assertThat(rabbit.toBroker("/user/queue/attendance")).isEqualTo("/user/queue/attendance");
        assertThat(rabbit.toBroker("/app/x/y")).isEqualTo("/app/x/y");
    }

    @Test
    void slashBrokersKeepTheNames() {
        assertThat(activeMq.toBroker("/topic/attendance/cs101")).isEqualTo("/topic/attendance/cs101");
    }
}
