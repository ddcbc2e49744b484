package com.attendancelive.frontend;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * The sample client's files are public: the page has to load before anyone can sign in. This
 * chain matches only those few paths (everything the UI ships lives under {@code /assets/}) and
 * runs before the application's chain, which keeps protecting everything else.
 */
@Configuration(proxyBeanMethods = false)
class StaticContentSecurityConfiguration {

    static final String[] PATHS = { "/", "/index.html", "/assets/**" };

    /** Scripts, styles and connections only from this origin; the UI builds its DOM without inline code. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 10)
    SecurityFilterChain staticContentSecurity(HttpSecurity http) throws Exception {
        http.securityMatcher(PATHS)
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER)))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(HttpMethod.GET, PATHS).permitAll()
                        .requestMatchers(HttpMethod.HEAD, PATHS).permitAll()
                        .anyRequest().denyAll());
        return http.build();
    }
}
