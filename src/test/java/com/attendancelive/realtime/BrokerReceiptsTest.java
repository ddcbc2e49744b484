package com.attendancelive.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.attendancelive.broker.EmbeddedActiveMqBroker;
import com.attendancelive.support.Http;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.messaging.MessageDeliveryException;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/**
 * Event delivery moves a class's cursor only when the broker has confirmed the sends before it
 * (a RECEIPT on a fence sent on the same connection). These cases use the embedded ActiveMQ broker,
 * stopped and restarted by the test, so the context is not shared.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "attendance.broker.receipt-timeout=3s")
@ActiveProfiles("test")
@DirtiesContext
class BrokerReceiptsTest {

    @LocalServerPort
    int port;

    @Autowired
    BrokerReceipts receipts;

    @Autowired
    SimpMessagingTemplate messaging;

    @Autowired
    EmbeddedActiveMqBroker broker;

    @AfterEach
    void brokerRunning() {
        if (!broker.isRunning()) {
            broker.start();
        }
    }

    @Test
    void theBrokerConfirmsAFenceWellWithinTheTimeout() {
        Http.awaitReady(port);
        long started = System.nanoTime();
        receipts.beginFence().confirm(messaging);
        // A missing receipt would have thrown after the 3 s timeout.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void withTheBrokerDownAFenceFailsAtOnce() {
        Http.awaitReady(port);
        broker.stop();
        awaitReadiness(503);

        long started = System.nanoTime();
        assertThatThrownBy(() -> receipts.beginFence().confirm(messaging)).isInstanceOf(MessageDeliveryException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void aPipelinedSendDoesNotWaitForItsWriteButStillFailsAtOnceWithTheBrokerDown() {
        Http.awaitReady(port);
        assertThat(BrokerReceipts.pipelined().get(SimpMessageHeaderAccessor.IGNORE_ERROR)).isEqualTo(true);
        messaging.convertAndSend("/topic/attendance/cs101", "{}", BrokerReceipts.pipelined());
        receipts.beginFence().confirm(messaging);

        broker.stop();
        awaitReadiness(503);
        // Event delivery relies on this: the send throws, so the event's publication stays incomplete.
        assertThatThrownBy(() -> messaging.convertAndSend("/topic/attendance/cs101", "{}", BrokerReceipts.pipelined()))
                .isInstanceOf(MessageDeliveryException.class);
    }

    @Test
    void aFenceDoesNotConfirmSendsMadeOnAConnectionThatHasSinceBeenReplaced() {
        Http.awaitReady(port);
        BrokerReceipts.Fence fence = receipts.beginFence();
        // What was sent now went on the connection that is about to go away with the broker.
        broker.stop();
        awaitReadiness(503);
        broker.start();
        awaitReadiness(200);

        // The fence itself would get its receipt on the new connection; the earlier sends were not on it.
        assertThatThrownBy(() -> fence.confirm(messaging)).isInstanceOf(MessageDeliveryException.class)
                .hasMessageContaining("connection changed");
        receipts.beginFence().confirm(messaging);
    }

    private void awaitReadiness(int status) {
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> Http.status(port, "/actuator/health/readiness") == status);
    }
}
