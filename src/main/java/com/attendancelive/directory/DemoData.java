package com.attendancelive.directory;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * The contract's demo users and classes. Idempotent: rows that exist are left alone, so a restart
 * or a second instance adds nothing.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class DemoData implements ApplicationRunner {

    static final String DEMO_PASSWORD = "demo";

    private static final Logger log = LoggerFactory.getLogger(DemoData.class);

    private static final List<UserAccount> USERS = List.of(
            new UserAccount("admin", null, Role.ADMIN, "Administrator"),
            new UserAccount("lovelace", null, Role.TEACHER, "Ada Lovelace"),
            new UserAccount("turing", null, Role.TEACHER, "Alan Turing"),
            new UserAccount("alice", null, Role.STUDENT, "Alice"),
            new UserAccount("bob", null, Role.STUDENT, "Bob"),
            new UserAccount("carol", null, Role.STUDENT, "Carol"),
            new UserAccount("dave", null, Role.STUDENT, "Dave"),
            new UserAccount("kiosk", null, Role.SERVICE, "Check-in kiosk"));

    private static final Map<String, String> CLASSES = Map.of(
            "cs101", "Introduction to Computer Science",
            "math201", "Linear Algebra");

    private static final Map<String, String> TEACHERS = Map.of("cs101", "lovelace", "math201", "turing");

    private static final Map<String, List<String>> STUDENTS = Map.of(
            "cs101", List.of("alice", "bob", "dave"),
            "math201", List.of("carol", "dave"));

    private final JdbcClient jdbc;
    private final boolean enabled;

    DemoData(JdbcClient jdbc, DirectoryProperties directory, Environment environment) {
        this.jdbc = jdbc;
        this.enabled = directory.demoData() != null ? directory.demoData() : onADevelopersMachine(environment);
    }

    /** The demo accounts' user names ({@link ProductionGuard} checks them in production). */
    static List<String> usernames() {
        return USERS.stream().map(UserAccount::username).toList();
    }

    /**
     * The default: an embedded broker, {@code attendance.broker.mode}'s own default, means one instance on
     * a developer's machine. Read as the deployment's setting, not through the broker module, which the
     * directory does not depend on.
     */
    private static boolean onADevelopersMachine(Environment environment) {
        String mode = environment.getProperty("attendance.broker.mode", "embedded");
        return mode.trim().replace("-", "").replace("_", "").toLowerCase(Locale.ROOT).equals("embedded");
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!enabled) {
            return;
        }
        PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        int added = 0;
        for (UserAccount user : USERS) {
            if (jdbc.sql("select count(*) from app_user where username = ?").param(user.username()).query(Integer.class).single() == 0) {
                added += insert("insert into app_user (username, password_hash, role, display_name) values (?, ?, ?, ?)",
                        user.username(), encoder.encode(DEMO_PASSWORD), user.role().name(), user.displayName());
            }
        }
        for (var entry : CLASSES.entrySet()) {
            added += insertIfAbsent("school_class", "id = ?", List.of(entry.getKey()),
                    "insert into school_class (id, name, time_zone) values (?, ?, 'UTC')", entry.getKey(), entry.getValue());
        }
        for (var entry : TEACHERS.entrySet()) {
            added += insertIfAbsent("teaching_assignment", "class_id = ? and teacher = ?", List.of(entry.getKey(), entry.getValue()),
                    "insert into teaching_assignment (class_id, teacher) values (?, ?)", entry.getKey(), entry.getValue());
        }
        for (var entry : STUDENTS.entrySet()) {
            for (String student : entry.getValue()) {
                added += insertIfAbsent("enrollment", "class_id = ? and student = ?", List.of(entry.getKey(), student),
                        "insert into enrollment (class_id, student) values (?, ?)", entry.getKey(), student);
            }
        }
        log.info("Demo data: {} rows added (every demo user's password is '{}')", added, DEMO_PASSWORD);
    }

    private int insertIfAbsent(String table, String where, List<Object> key, String insert, Object... values) {
        Integer present = jdbc.sql("select count(*) from " + table + " where " + where).params(key).query(Integer.class).single();
        return present > 0 ? 0 : insert(insert, values);
    }

    /** Another instance seeding at the same moment may win the race; its row is as good as ours. */
    private int insert(String sql, Object... values) {
        try {
            return jdbc.sql(sql).params(values).update();
        }
        catch (DuplicateKeyException alreadySeeded) {
            return 0;
        }
    }
}
