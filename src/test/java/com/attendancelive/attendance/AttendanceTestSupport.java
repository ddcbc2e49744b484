package com.attendancelive.attendance;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;

import com.attendancelive.support.MutableClock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** Fixtures for attendance tests: a clock the test moves, fresh classes, signed-in callers. */
final class AttendanceTestSupport {

    private AttendanceTestSupport() {
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class TestClock {
        @Bean
        @Primary
        MutableClock testClock() {
            // Mid-step, so a test has time before the code rotates unless it moves the clock.
            Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES).plusSeconds(2);
            return new MutableClock(now);
        }
    }

    /** A caller as the JWT converter presents it: subject = user name, one ROLE_ authority. */
    static RequestPostProcessor as(String user, String role) {
        return jwt().jwt(j -> j.subject(user)).authorities(new SimpleGrantedAuthority("ROLE_" + role));
    }

    /** A new class taught by lovelace with three new students; their ids are returned. */
    record TestClass(String id, List<String> students) {
        String a() {
            return students.get(0);
        }

        String b() {
            return students.get(1);
        }

        String c() {
            return students.get(2);
        }
    }

    static TestClass newClass(JdbcClient jdbc) {
        String id = "c" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        jdbc.sql("insert into school_class (id, name, time_zone) values (?, ?, 'UTC')").params(id, "Test " + id).update();
        jdbc.sql("insert into teaching_assignment (class_id, teacher) values (?, 'lovelace')").param(id).update();
        List<String> students = List.of(id + "_a", id + "_b", id + "_c");
        for (String student : students) {
            newUser(jdbc, student, "STUDENT");
            jdbc.sql("insert into enrollment (class_id, student) values (?, ?)").params(id, student).update();
        }
        return new TestClass(id, students);
    }

    static void newUser(JdbcClient jdbc, String username, String role) {
        jdbc.sql("insert into app_user (username, password_hash, role, display_name) values (?, '{noop}x', ?, ?)")
                .params(username, role, username).update();
    }
}
