package com.attendancelive.security;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/**
 * Keeps the instance inside its file descriptors: warns at start when
 * {@code attendance.security.max-sessions} cannot fit the process's limit (each relayed session
 * holds about three descriptors with the embedded broker), installs the log-storm filter, and
 * sizes the container's WebSocket buffers to the STOMP frame limit.
 */
@Configuration(proxyBeanMethods = false)
class ResourceLimits {

    private static final Logger log = LoggerFactory.getLogger(ResourceLimits.class);

    /** Descriptors per relayed session: the WebSocket, the relay's broker connection, the embedded broker's end. */
    static final int DESCRIPTORS_PER_SESSION = 3;
    /** Jars, the database pool, selectors, logs. */
    static final int DESCRIPTOR_RESERVE = 1000;

    ResourceLimits(SecurityProperties properties) {
        FileDescriptorExhaustionLogFilter.install(10_000);
        CredentialLogFilter.install();
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            long limit = unix.getMaxFileDescriptorCount();
            long needed = (long) properties.maxSessions() * DESCRIPTORS_PER_SESSION + DESCRIPTOR_RESERVE;
            if (needed > limit) {
                log.warn("attendance.security.max-sessions={} needs about {} file descriptors but the process may hold {}; "
                        + "lower it to {} or raise the limit", properties.maxSessions(), needed, limit,
                        Math.max(1, (limit - DESCRIPTOR_RESERVE) / DESCRIPTORS_PER_SESSION));
            }
        }
    }

    /** Lets a WebSocket message as large as the STOMP frame limit reach the STOMP decoder, which answers with a clear ERROR. */
    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    ServletServerContainerFactoryBean webSocketContainer(SecurityProperties properties) {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        int limit = (int) properties.maxFrameSize().toBytes();
        container.setMaxTextMessageBufferSize(limit);
        container.setMaxBinaryMessageBufferSize(limit);
        return container;
    }
}
