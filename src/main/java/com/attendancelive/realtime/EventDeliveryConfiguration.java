package com.attendancelive.realtime;

import com.attendancelive.broker.BrokerAddress;
import com.attendancelive.broker.BrokerProperties;
import com.attendancelive.capacity.CapacityProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import tools.jackson.databind.json.JsonMapper;

/** The threads that hand events to local subscribers ({@link ClassFeeds}), and the broker connection. */
@Configuration(proxyBeanMethods = false)
class EventDeliveryConfiguration {

    static final String REPLAY_EXECUTOR = "attendanceReplayExecutor";
    static final String PLAIN_SEND_EXECUTOR = "plainWebSocketSendExecutor";

    /**
     * Fixed size, unbounded queue (it holds at most one batch of tasks per class). Most of their work
     * is handing events to sessions; a gap or a poll also reads the database.
     */
    @Bean(AttendanceEventDelivery.EXECUTOR)
    ThreadPoolTaskExecutor attendanceEventDeliveryExecutor(CapacityProperties capacity) {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setCorePoolSize(capacity.deliveryThreads());
        executor.setMaxPoolSize(capacity.deliveryThreads());
        executor.setThreadNamePrefix("attendance-delivery-");
        executor.setWaitForTasksToCompleteOnShutdown(true);
        executor.setAwaitTerminationSeconds(5);
        return executor;
    }

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

    /**
     * Writes to the plain route's sessions, one at a time per session, as the client outbound
     * channel's pool does for STOMP (the same size): a stalled reader holds one of them until it is
     * cut off, never the threads that hand events over.
     */
    @Bean(PLAIN_SEND_EXECUTOR)
    ThreadPoolTaskExecutor plainWebSocketSendExecutor(CapacityProperties capacity) {
        int threads = capacity.outboundThreads() > 0 ? capacity.outboundThreads() : 2 * Runtime.getRuntime().availableProcessors();
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setCorePoolSize(threads);
        executor.setMaxPoolSize(threads);
        executor.setThreadNamePrefix("plain-websocket-send-");
        return executor;
    }

    /** Every mode but {@code simple}, which has no broker. */
    @Bean
    @ConditionalOnExpression("!'${attendance.broker.mode:embedded}'.equalsIgnoreCase('simple')")
    BrokerLink brokerLink(BrokerProperties properties, BrokerAddress address, ClassFeeds feeds, JsonMapper mapper,
            ApplicationEventPublisher events) {
        return new BrokerLink(properties, address, feeds, mapper, events);
    }
}
