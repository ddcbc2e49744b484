package com.attendancelive.loadgen;

import com.attendancelive.attendance.AttendanceEventRecorded;
import com.attendancelive.attendance.ClassEventLog;
import com.attendancelive.shared.Protocol;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseEntity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Load generator only (test classpath, profile {@code loadgen}): {@code POST /loadgen/publish}
 * sends {@code count} events of a class topic's class at {@code rate} per second (0: back to back),
 * each carrying its send time (see {@link Payloads}). They take the path of the application's own
 * events after a commit (an {@link AttendanceEventRecorded} in a transaction: the outbox, the local
 * hand-over, the broker), without the change itself, so fan-out is measured alone. Their seqs
 * continue the class's log in memory only; the database's last seq stays behind them, so the
 * fallback poll has nothing to read.
 */
@RestController
@Profile("loadgen")
class PublishHook {

    private final ApplicationEventPublisher events;
    private final TransactionTemplate transaction;
    private final ClassEventLog log;
    private final Map<String, AtomicLong> seqs = new ConcurrentHashMap<>();

    PublishHook(ApplicationEventPublisher events, TransactionTemplate transaction, ClassEventLog log) {
        this.events = events;
        this.transaction = transaction;
        this.log = log;
    }

    @PostMapping("/loadgen/publish")
    ResponseEntity<Map<String, Object>> publish(@RequestParam String destination, @RequestParam int count,
            @RequestParam(defaultValue = "0") double rate, @RequestParam(defaultValue = "200") int size) {
        Matcher classTopic = Protocol.CLASS_TOPIC.matcher(destination);
        if (!classTopic.matches()) {
            return ResponseEntity.badRequest().body(Map.of("error", "only class topics: /topic/attendance/{classId}"));
        }
        String classId = classTopic.group(1);
        AtomicLong seq = seqs.computeIfAbsent(classId, id -> new AtomicLong(log.lastSeq(id)));
        Thread publisher = new Thread(() -> Payloads.paced(count, rate, (n, body) -> {
            long next = seq.incrementAndGet();
            String json = "{\"type\":\"LOADGEN\",\"classId\":\"" + classId + "\",\"seq\":" + next
                    + ",\"sent\":" + Payloads.nowMicros() + ",\"body\":\"" + body + "\"}";
            transaction.executeWithoutResult(status -> events.publishEvent(new AttendanceEventRecorded(classId, next, json)));
        }, size), "loadgen-publisher");
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
