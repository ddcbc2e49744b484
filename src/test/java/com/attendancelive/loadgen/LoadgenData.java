package com.attendancelive.loadgen;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Load generator only (profile {@code loadgen}): classes {@code lg-0..lg-(K-1)} ({@code loadgen.classes}),
 * each attended by {@code loadgen.students-per-class} students {@code lg-<k>-s<i>}, who never sign
 * in (the SERVICE account {@code kiosk} checks them in; {@code admin} watches). Runs before readiness.
 */
@Profile("loadgen")
@Order(Ordered.LOWEST_PRECEDENCE)
class LoadgenData implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(LoadgenData.class);

    private final JdbcTemplate jdbc;
    private final int classes;
    private final int studentsPerClass;
    private final int replayEvents;

    LoadgenData(JdbcTemplate jdbc, @Value("${loadgen.classes:0}") int classes,
            @Value("${loadgen.students-per-class:0}") int studentsPerClass, @Value("${loadgen.replay-events:0}") int replayEvents) {
        this.jdbc = jdbc;
        this.classes = classes;
        this.studentsPerClass = studentsPerClass;
        this.replayEvents = replayEvents;
    }

    /** The class whose log {@link ReplayStormScenario} replays: {@code loadgen.replay-events} events. */
    static final String REPLAY_CLASS = "lg-replay";

    private void seedReplayLog() {
        if (replayEvents == 0 || jdbc.queryForObject("select count(*) from school_class where id = ?", Integer.class, REPLAY_CLASS) > 0) {
            return;
        }
        jdbc.update("insert into school_class (id, name, time_zone) values (?, 'Replayed class', 'UTC')", REPLAY_CLASS);
        jdbc.update("insert into class_event_counter (class_id, last_seq) values (?, ?)", REPLAY_CLASS, replayEvents);
        List<Object[]> rows = new ArrayList<>();
        OffsetDateTime at = OffsetDateTime.now(ZoneOffset.UTC);
        String filler = "x".repeat(150);
        for (int seq = 1; seq <= replayEvents; seq++) {
            rows.add(new Object[] {REPLAY_CLASS, seq, "LOADGEN", "{\"type\":\"LOADGEN\",\"classId\":\"" + REPLAY_CLASS
                    + "\",\"seq\":" + seq + ",\"body\":\"" + filler + "\"}", at});
        }
        jdbc.batchUpdate("insert into class_event (class_id, seq, type, payload, occurred_at) values (?, ?, ?, ?, ?)", rows);
        log.info("Load generator data: {} events in class {}", replayEvents, REPLAY_CLASS);
    }

    static String classId(int k) {
        return "lg-" + k;
    }

    static String student(int k, int i) {
        return "lg-" + k + "-s" + i;
    }

    @Override
    public void run(ApplicationArguments args) {
        seedReplayLog();
        if (classes == 0 || jdbc.queryForObject("select count(*) from school_class where id = 'lg-0'", Integer.class) > 0) {
            return;
        }
        List<Object[]> classRows = new ArrayList<>();
        List<Object[]> users = new ArrayList<>();
        List<Object[]> enrollments = new ArrayList<>();
        for (int k = 0; k < classes; k++) {
            classRows.add(new Object[] {classId(k), "Load class " + k});
            for (int i = 0; i < studentsPerClass; i++) {
                // A password nobody knows: these students never sign in.
                users.add(new Object[] {student(k, i), "{noop}" + UUID.randomUUID(), "Load student " + i});
                enrollments.add(new Object[] {classId(k), student(k, i)});
            }
        }
        jdbc.batchUpdate("insert into school_class (id, name, time_zone) values (?, ?, 'UTC')", classRows);
        jdbc.batchUpdate("insert into app_user (username, password_hash, role, display_name) values (?, ?, 'STUDENT', ?)", users);
        jdbc.batchUpdate("insert into enrollment (class_id, student) values (?, ?)", enrollments);
        log.info("Load generator data: {} classes with {} students each", classes, studentsPerClass);
    }
}
