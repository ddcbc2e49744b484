package com.attendancelive.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.simp.stomp.StompBrokerRelayMessageHandler;

class RelayDisconnectLogFilterTest {

    @Test
    void theRelaysDisconnectRaceIsNotAnErrorWhileItsOtherErrorsAre() {
        LoggerContext context = new LoggerContext();
        RelayDisconnectLogFilter filter = new RelayDisconnectLogFilter();
        filter.setContext(context);
        filter.start();
        context.addTurboFilter(filter);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.setContext(context);
        appender.start();
        Logger relay = context.getLogger(StompBrokerRelayMessageHandler.class);
        relay.addAppender(appender);
        Logger other = context.getLogger("com.example.Other");
        other.addAppender(appender);

        for (int i = 0; i < 1_000; i++) {
            relay.error("Failed to forward DISCONNECT session=s-" + i);
        }
        relay.error("Failed to forward SEND /topic/attendance/cs101 session=s-1");
        relay.warn("Failed to forward DISCONNECT session=s-2");
        other.error("Failed to forward DISCONNECT session=s-3");

        assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                "Failed to forward SEND /topic/attendance/cs101 session=s-1",
                "Failed to forward DISCONNECT session=s-2",
                "Failed to forward DISCONNECT session=s-3");
    }
}
