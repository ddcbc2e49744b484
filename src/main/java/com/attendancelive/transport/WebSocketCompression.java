package com.attendancelive.transport;

import com.attendancelive.shared.Protocol;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

/** Whether WebSocket sessions may use permessage-deflate ({@code attendance.capacity.web-socket-compression}). */
@Configuration(proxyBeanMethods = false)
class WebSocketCompression {

    /**
     * Without compression unless configured: permessage-deflate gives each session a zlib deflater and
     * inflater, 60-150 KB more resident memory per session (docs/benchmarks-log.md), to compress events of a
     * few hundred bytes. Tomcat accepts the offer of every browser by itself, so the offer is hidden from it.
     */
    @Bean
    FilterRegistrationBean<OncePerRequestFilter> webSocketCompressionOffers(CapacityProperties capacity) {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                chain.doFilter(new WithoutWebSocketExtensionOffers(request), response);
            }
        });
        registration.addUrlPatterns(Protocol.STOMP_ENDPOINT + "/*");
        registration.setEnabled(!capacity.webSocketCompression());
        return registration;
    }

    /** The request without its {@code Sec-WebSocket-Extensions} headers. */
    private static final class WithoutWebSocketExtensionOffers extends HttpServletRequestWrapper {

        private static final String EXTENSIONS = "Sec-WebSocket-Extensions";

        WithoutWebSocketExtensionOffers(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getHeader(String name) {
            return EXTENSIONS.equalsIgnoreCase(name) ? null : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return EXTENSIONS.equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            return Collections.enumeration(Collections.list(super.getHeaderNames()).stream()
                    .filter(name -> !EXTENSIONS.equalsIgnoreCase(name)).toList());
        }
    }
}
