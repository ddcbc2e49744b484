package com.attendancelive.realtime;

import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;

/**
 * Attendance events must reach each client in seq order. The relay receives them from the broker
 * in order, but the client outbound channel hands messages to a thread pool, which can reorder
 * two messages for one WebSocket session (seen in AttendanceEventsOverStompTest); publish order
 * per session fixes that. Known cost (spring-framework #25581): a slow client's messages wait in a
 * per-session queue that the send-buffer size limit does not bound.
 */
@Configuration(proxyBeanMethods = false)
@Order(Ordered.LOWEST_PRECEDENCE)
class EventOrderConfiguration implements WebSocketMessageBrokerConfigurer {

    @Override
    public void configureMessageBroker(MessageBrokerRegistry registry) {
        registry.setPreservePublishOrder(true);
    }
}
