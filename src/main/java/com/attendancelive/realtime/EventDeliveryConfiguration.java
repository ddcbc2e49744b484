package com.attendancelive.realtime;

import com.attendancelive.capacity.CapacityProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/** The threads that send committed attendance events ({@link AttendanceEventDelivery}). */
@Configuration(proxyBeanMethods = false)
class EventDeliveryConfiguration {

    /**
     * Fixed size, unbounded queue (it holds at most one drain per class). A drain still queued when the
     * instance stops leaves its events' publications incomplete, and they are sent at the next start or
     * by the class's next drain on any instance.
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
}
