package com.attendancelive.realtime;

import com.attendancelive.broker.BrokerAddress;
import com.attendancelive.broker.BrokerProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * The replay threads and the broker connection. The threads that hand events to local subscribers and
 * write to the plain route are the transport module's ({@link RealtimeChannels} names them).
 */
@Configuration(proxyBeanMethods = false)
class EventDeliveryConfiguration {

    static final String REPLAY_EXECUTOR = "attendanceReplayExecutor";
    static final String PLAIN_SEND_EXECUTOR = "plainWebSocketSendExecutor";

    /**
     * Replays for subscribers joining with {@code after-seq}: threads of their own, so that a lecture
     * hall reconnecting at once queues here and not before the live events of every class.
     */
    @Bean(REPLAY_EXECUTOR)
    ThreadPoolTaskExecutor attendanceReplayExecutor() {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setCorePoolSize(2);
        executor.setMaxPoolSize(2);
        executor.setThreadNamePrefix("attendance-replay-");
        return executor;
    }

    /** Every mode but {@code simple}, which has no broker. */
    @Bean
    @ConditionalOnExpression("!'${attendance.broker.mode:embedded}'.equalsIgnoreCase('simple')")
    BrokerLink brokerLink(BrokerProperties properties, BrokerAddress address, ClassFeeds feeds,
            ApplicationEventPublisher events) {
        return new BrokerLink(properties, address, feeds, events);
    }
}
