package com.attendancelive.security;

import com.attendancelive.shared.Protocol;
import com.attendancelive.system.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.Set;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a WebSocket handshake whose URL carries a token ({@code ?access_token=}, {@code ?token=}
 * and the like) with 400, first of all filters: Spring Security and Spring MVC log request URLs,
 * query included, at DEBUG, and a URL also lands in proxies' and browsers' histories. Browsers use
 * a one-time ticket instead ({@code POST /api/ws-tickets}).
 */
@Configuration(proxyBeanMethods = false)
class TokenInUrlFilter {

    private static final Set<String> TOKEN_PARAMETERS = Set.of("token", "access_token", "jwt", "bearer", "authorization");
    private static final URI ROUTE = URI.create(Protocol.STOMP_ENDPOINT);

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> tokenInUrlRefusal() {
        OncePerRequestFilter filter = new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                if (carriesToken(request.getQueryString())) {
                    Problems.write(response, HttpStatus.BAD_REQUEST, "a token in the URL is refused: send it in the "
                            + "Authorization header, or use a ticket from POST /api/ws-tickets", ROUTE);
                    return;
                }
                chain.doFilter(request, response);
            }
        };
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(filter);
        registration.addUrlPatterns(Protocol.STOMP_ENDPOINT, Protocol.STOMP_ENDPOINT + "/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setName("tokenInUrlRefusal");
        return registration;
    }

    static boolean carriesToken(String query) {
        for (QueryPair pair : QueryPair.of(query)) {
            String name = pair.name().toLowerCase(Locale.ROOT);
            if (TOKEN_PARAMETERS.contains(name) || name.contains("token")) {
                return true;
            }
        }
        return false;
    }
}
