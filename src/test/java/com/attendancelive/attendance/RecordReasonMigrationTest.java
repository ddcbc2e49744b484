package com.attendancelive.attendance;

import static org.assertj.core.api.Assertions.assertThat;

import com.attendancelive.support.PostgresTestDatabase;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/** V5 fills the new {@code attendance_record.reason} of existing records from their audit trail. */
class RecordReasonMigrationTest {

    @Test
    void onH2() {
        backfillsTheReasonsOfCorrectedRecordsOnly(new SingleConnectionDataSource(
                "jdbc:h2:mem:v5-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", true));
    }

    @Test
    void onPostgres() {
        PostgresTestDatabase database = PostgresTestDatabase.create();
        try {
            backfillsTheReasonsOfCorrectedRecordsOnly(new DriverManagerDataSource(database.url(), database.username(), ""));
        }
        finally {
            database.drop();
        }
    }

    void backfillsTheReasonsOfCorrectedRecordsOnly(DataSource dataSource) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").target("4").load().migrate();
        JdbcClient jdbc = JdbcClient.create(dataSource);
        jdbc.sql("insert into school_class (id, name) values ('k', 'K')").update();
        for (String user : new String[] {"self", "closed", "corrected", "created", "teacherIn", "reClosed"}) {
            jdbc.sql("insert into app_user (username, password_hash, role, display_name) values (?, 'x', 'STUDENT', ?)").params(user, user).update();
        }
        jdbc.sql("""
                insert into attendance_session (id, class_id, status, opens_at, late_after, closes_at, opened_by, code_secret)
                values ('s', 'k', 'CLOSED', current_timestamp, current_timestamp, current_timestamp, 't', 'x')""").update();
        record(jdbc, "self", "PRESENT", "SELF", 1);
        audit(jdbc, "self", null, "PRESENT", null);
        record(jdbc, "closed", "ABSENT", "CLOSE", 1);
        audit(jdbc, "closed", null, "ABSENT", "session closed");
        record(jdbc, "corrected", "EXCUSED", "SELF", 3);
        audit(jdbc, "corrected", null, "PRESENT", null);
        audit(jdbc, "corrected", "PRESENT", "LATE", "first");
        audit(jdbc, "corrected", "LATE", "EXCUSED", "second");
        record(jdbc, "created", "EXCUSED", "TEACHER", 1);
        audit(jdbc, "created", null, "EXCUSED", "sick");
        record(jdbc, "teacherIn", "PRESENT", "TEACHER", 1);
        audit(jdbc, "teacherIn", null, "PRESENT", null);
        record(jdbc, "reClosed", "PRESENT", "CLOSE", 2);
        audit(jdbc, "reClosed", null, "ABSENT", "session closed");
        audit(jdbc, "reClosed", "ABSENT", "PRESENT", "was there");

        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();

        Map<String, String> reasons = jdbc.sql("select student_id, coalesce(reason, '-') as reason from attendance_record")
                .query((rs, row) -> Map.entry(rs.getString(1), rs.getString(2))).list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(reasons).containsExactlyInAnyOrderEntriesOf(Map.of("self", "-", "closed", "-", "corrected", "second",
                "created", "sick", "teacherIn", "-", "reClosed", "was there"));
    }

    static void record(JdbcClient jdbc, String student, String status, String source, int version) {
        jdbc.sql("""
                insert into attendance_record (session_id, student_id, status, source, updated_at, updated_by, version)
                values ('s', ?, ?, ?, current_timestamp, 't', ?)""").params(student, status, source, version).update();
    }

    static void audit(JdbcClient jdbc, String student, String from, String to, String reason) {
        jdbc.sql("""
                insert into attendance_audit (session_id, student_id, changed_by, changed_at, old_status, new_status, reason)
                values ('s', ?, 't', current_timestamp, ?, ?, ?)""").params(student, from, to, reason).update();
    }
}
