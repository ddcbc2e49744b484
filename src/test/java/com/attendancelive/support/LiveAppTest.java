package com.attendancelive.support;

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
}
