package com.attendancelive.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.attendancelive.support.TurboFilterLogCapture;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.simp.stomp.StompBrokerRelayMessageHandler;

class RelayDisconnectLogFilterTest {

    @Test
    void theRelaysDisconnectRaceIsNotAnErrorWhileItsOtherErrorsAre() {
        TurboFilterLogCapture log = new TurboFilterLogCapture(new RelayDisconnectLogFilter());
        Logger relay = log.logger(StompBrokerRelayMessageHandler.class.getName());
        Logger other = log.logger("com.example.Other");

        for (int i = 0; i < 1_000; i++) {
            relay.error("Failed to forward DISCONNECT session=s-" + i);
        }
        relay.error("Failed to forward SEND /topic/attendance/cs101 session=s-1");
        relay.warn("Failed to forward DISCONNECT session=s-2");
        other.error("Failed to forward DISCONNECT session=s-3");

        assertThat(log.events()).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                "Failed to forward SEND /topic/attendance/cs101 session=s-1",
                "Failed to forward DISCONNECT session=s-2",
                "Failed to forward DISCONNECT session=s-3");
    }
}
