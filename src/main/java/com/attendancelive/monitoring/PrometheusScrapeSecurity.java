package com.attendancelive.monitoring;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * {@code GET /actuator/prometheus} without a token, as Prometheus scrapes it. Only this one path:
 * the chain matches nothing else. It reveals counts, never user data; to keep it off the public
 * network, move the actuator to its own port ({@code management.server.port}).
 */
@Configuration(proxyBeanMethods = false)
class PrometheusScrapeSecurity {

    @Bean
    @Order(1)
    SecurityFilterChain prometheusScrape(HttpSecurity http) throws Exception {
        http.securityMatcher("/actuator/prometheus")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll());
        return http.build();
    }
}
