package com.attendancelive.transport;

import com.attendancelive.shared.Protocol;
import com.attendancelive.system.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/** Refuses a WebSocket handshake with 503 while the instance holds its maximum number of sessions. */
@Configuration(proxyBeanMethods = false)
class HandshakeLimitFilter {

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> handshakeLimit(SessionLimit limit) {
        OncePerRequestFilter filter = new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                if (limit.isFull()) {
                    response.setHeader("Retry-After", "5");
                    Problems.write(response, HttpStatus.SERVICE_UNAVAILABLE,
                            "This instance holds its maximum of " + limit.max() + " sessions; retry later or elsewhere",
                            URI.create(request.getRequestURI()));
                    return;
                }
                chain.doFilter(request, response);
            }
        };
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(filter);
        registration.addUrlPatterns(Protocol.STOMP_ENDPOINT, Protocol.STOMP_ENDPOINT + "/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        registration.setName("handshakeLimit");
        return registration;
    }
}
