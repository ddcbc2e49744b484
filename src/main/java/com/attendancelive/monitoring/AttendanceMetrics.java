package com.attendancelive.monitoring;

import com.attendancelive.attendance.AttendanceEventRecorded;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Pattern;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Check-ins by outcome (from the answers to {@code POST .../check-ins}: 201 created, 200 repeated,
 * anything else refused) and attendance events committed (from the attendance module's
 * {@link AttendanceEventRecorded}, counted after the commit).
 */
@Configuration(proxyBeanMethods = false)
class AttendanceMetrics {

    private static final Pattern CHECK_IN = Pattern.compile("^/api/classes/[^/]+/sessions/[^/]+/check-ins$");

    private final Counter eventsCommitted;

    AttendanceMetrics(MeterRegistry registry) {
        this.eventsCommitted = Counter.builder("attendance.events.committed")
                .description("Attendance events committed (every type), each to be sent to its class topic")
                .register(registry);
    }

    /** A plain listener, not a transactional one: it must not add a row to the event publication registry. */
    @EventListener
    void onEventRecorded(AttendanceEventRecorded recorded) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    eventsCommitted.increment();
                }
            });
        }
        else {
            eventsCommitted.increment();
        }
    }

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> checkInMetricsFilter(MeterRegistry registry) {
        Counter created = checkIns(registry, "created");
        Counter repeated = checkIns(registry, "repeated");
        Counter refused = checkIns(registry, "refused");
        OncePerRequestFilter filter = new OncePerRequestFilter() {
            @Override
            protected boolean shouldNotFilter(HttpServletRequest request) {
                return !"POST".equals(request.getMethod()) || !CHECK_IN.matcher(request.getRequestURI()).matches();
            }

            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                try {
                    chain.doFilter(request, response);
                }
                finally {
                    int status = response.getStatus();
                    (status == 201 ? created : status == 200 ? repeated : refused).increment();
                }
            }
        };
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setName("checkInMetrics");
        registration.addUrlPatterns("/api/classes/*");
        return registration;
    }

    private static Counter checkIns(MeterRegistry registry, String outcome) {
        return Counter.builder("attendance.checkins")
                .description("Check-in requests by outcome: created (201), repeated (200), refused (any other answer)")
                .tag("outcome", outcome)
                .register(registry);
    }
}
