package com.attendancelive.loadgen;

import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseEntity;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Load generator only (test classpath, profile {@code loadgen}): {@code POST /loadgen/publish}
 * sends {@code count} messages to a destination at {@code rate} per second (0: back to back)
 * through {@link SimpMessagingTemplate}, each body starting with its send time (see {@link Payloads}).
 * The same path as the application's events, but without a database, so fan-out is measured alone.
 */
@RestController
@Profile("loadgen")
class PublishHook {

    private final SimpMessagingTemplate messaging;

    PublishHook(SimpMessagingTemplate messaging) {
        this.messaging = messaging;
    }

    @PostMapping("/loadgen/publish")
    ResponseEntity<Map<String, Object>> publish(@RequestParam String destination, @RequestParam int count,
            @RequestParam(defaultValue = "0") double rate, @RequestParam(defaultValue = "200") int size) {
        Thread publisher = new Thread(() -> Payloads.paced(count, rate, (seq, body) -> messaging.convertAndSend(destination, body), size),
                "loadgen-publisher");
        publisher.start();
        return ResponseEntity.accepted().body(Map.of("count", count, "rate", rate));
    }

    @Bean
    @Order(0)
    SecurityFilterChain loadgenHook(HttpSecurity http) throws Exception {
        http.securityMatcher("/loadgen/**")
                .csrf(csrf -> csrf.disable())
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll());
        return http.build();
    }
}
