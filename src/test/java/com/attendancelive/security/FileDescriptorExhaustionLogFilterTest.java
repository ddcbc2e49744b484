package com.attendancelive.security;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class FileDescriptorExhaustionLogFilterTest {

    @Test
    void aStormOfTooManyOpenFilesBecomesOneLinePerIntervalWhileOtherLinesPass() {
        LoggerContext context = new LoggerContext();
        FileDescriptorExhaustionLogFilter filter = new FileDescriptorExhaustionLogFilter(60_000);
        filter.setContext(context);
        filter.start();
        context.addTurboFilter(filter);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.setContext(context);
        appender.start();
        Logger acceptor = context.getLogger("org.apache.activemq.broker.TransportConnector");
        acceptor.addAppender(appender);

        for (int i = 0; i < 10_000; i++) {
            acceptor.error("Could not accept connection", new IOException("Too many open files"));
            acceptor.warn("Could not accept connection: Too many open files");
        }
        acceptor.error("Something else went wrong");

        assertThat(appender.list).hasSize(2);
        assertThat(appender.list.get(1).getFormattedMessage()).isEqualTo("Something else went wrong");
        assertThat(filter.suppressed()).isEqualTo(19_999);
    }
}
