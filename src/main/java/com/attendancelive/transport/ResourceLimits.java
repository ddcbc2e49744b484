package com.attendancelive.transport;

import com.attendancelive.security.SecurityProperties;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;

/**
 * Keeps the instance inside its file descriptors: warns at start when
 * {@code attendance.security.max-sessions} cannot fit the process's limit (a session holds one
 * descriptor, its WebSocket; the broker connection is one per instance).
 */
@Configuration(proxyBeanMethods = false)
class ResourceLimits {

    private static final Logger log = LoggerFactory.getLogger(ResourceLimits.class);

    /** Jars, the database pool, selectors, logs. */
    static final int DESCRIPTOR_RESERVE = 1000;

    ResourceLimits(SecurityProperties properties) {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            descriptorShortage(properties.maxSessions(), unix.getMaxFileDescriptorCount()).ifPresent(log::warn);
        }
    }

    /** The warning to log when {@code maxSessions} sessions would not fit {@code limit} descriptors. */
    static Optional<String> descriptorShortage(int maxSessions, long limit) {
        long needed = (long) maxSessions + DESCRIPTOR_RESERVE;
        if (needed <= limit) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "attendance.security.max-sessions=%d needs about %d file descriptors "
                + "(one per session) but the process may hold %d; lower it to %d or raise the limit",
                maxSessions, needed, limit, Math.max(1, limit - DESCRIPTOR_RESERVE)));
    }
}
