package com.attendancelive.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.messaging.simp.SimpMessagingTemplate;

/** A {@link RunningAppTest} whose tests start once the application is ready with its broker connection, and which publishes as the application does. */
public abstract class LiveAppTest extends RunningAppTest {

    @Autowired
    protected SimpMessagingTemplate messaging;

    @BeforeEach
    void awaitReady() {
        Http.awaitReady(port);
    }

    /** Publishes a fresh message (named {@code prefix}-random) to the class topic and asserts it is the client's next frame. */
    protected RawStompClient.Frame publishAndReceive(RawStompClient client, String classId, String prefix) {
        String event = prefix + "-" + UUID.randomUUID();
        messaging.convertAndSend("/topic/attendance/" + classId, event);
        RawStompClient.Frame delivered = client.next(10);
        assertThat(delivered).as("the frame for " + event).isNotNull();
        assertThat(delivered.command()).isEqualTo("MESSAGE");
        assertThat(delivered.body()).isEqualTo(event);
        return delivered;
    }
}
