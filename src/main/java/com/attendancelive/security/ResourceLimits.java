package com.attendancelive.security;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;

/**
 * Keeps the instance inside its file descriptors: warns at start when
 * {@code attendance.security.max-sessions} cannot fit the process's limit (each relayed session
 * holds about three descriptors with the embedded broker) and installs the log filters.
 * (Tomcat's per-session WebSocket buffers are the capacity module's: attendance.capacity.web-socket-buffer-size.)
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

}
