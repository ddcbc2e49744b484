package com.attendancelive.system;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import com.attendancelive.support.TurboFilterLogCapture;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class FileDescriptorExhaustionLogFilterTest {

    @Test
    void aStormOfTooManyOpenFilesBecomesOneLinePerIntervalWhileOtherLinesPass() {
        FileDescriptorExhaustionLogFilter filter = new FileDescriptorExhaustionLogFilter(60_000);
        TurboFilterLogCapture log = new TurboFilterLogCapture(filter);
        Logger acceptor = log.logger("org.apache.activemq.broker.TransportConnector");

        for (int i = 0; i < 10_000; i++) {
            acceptor.error("Could not accept connection", new IOException("Too many open files"));
            acceptor.warn("Could not accept connection: Too many open files");
        }
        acceptor.error("Something else went wrong");

        assertThat(log.events()).hasSize(2);
        assertThat(log.events().get(1).getFormattedMessage()).isEqualTo("Something else went wrong");
        assertThat(filter.suppressed()).isEqualTo(19_999);
    }
}
