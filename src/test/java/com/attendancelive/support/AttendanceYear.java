package com.attendancelive.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * A class with a year of attendance, written in a few PostgreSQL statements ({@code generate_series}):
 * {@code students} students (display names with a comma and quotes), {@code sessions} closed sessions
 * spread over the 365 days from {@code firstDay} at 09:00 UTC, and a record for every student in every
 * session: mostly PRESENT (self check-in), some LATE, ABSENT (by closing) and EXCUSED (by lovelace,
 * with a reason). Taught by lovelace. For the export tests and the export benchmark.
 */
public final class AttendanceYear {

    private AttendanceYear() {
    }

    /** The new class's id. */
    public static String seed(DataSource dataSource, int students, int sessions, LocalDate firstDay) throws SQLException {
        String classId = "y" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection connection = dataSource.getConnection()) {
            run(connection, "insert into school_class (id, name, time_zone) values (?, ?, 'UTC')", classId, "Year " + classId);
            run(connection, "insert into teaching_assignment (class_id, teacher) values (?, 'lovelace')", classId);
            run(connection, """
                    insert into app_user (username, password_hash, role, display_name)
                    select ? || '_' || g, 'x', 'STUDENT', 'Student ' || g || ', "the ' || g || 'th"'
                    from generate_series(1, ?) g""", classId, students);
            run(connection, "insert into enrollment (class_id, student) select ?, ? || '_' || g from generate_series(1, ?) g",
                    classId, classId, students);
            run(connection, """
                    insert into attendance_session (id, class_id, status, opens_at, late_after, closes_at, closed_at, opened_by, code_secret)
                    select ? || '-' || g, ?, 'CLOSED', t, t + interval '10 minutes', t + interval '90 minutes',
                           t + interval '90 minutes', 'lovelace', 'x'
                    from (select g, ? + ((g - 1) * 365 / ?) * interval '1 day' as t from generate_series(1, ?) g) days""",
                    classId, classId, OffsetDateTime.of(firstDay.atTime(9, 0), ZoneOffset.UTC), sessions, sessions);
            run(connection, """
                    insert into attendance_record (session_id, student_id, status, source, checked_in_at, updated_at, updated_by, version, reason)
                    select s.id, e.student, k.status, k.source,
                           case when k.source = 'SELF' then s.opens_at + (h % 20) * interval '1 minute' end,
                           s.closes_at, case when k.source = 'SELF' then e.student else 'lovelace' end,
                           case when k.status = 'EXCUSED' then 2 else 1 end,
                           case when k.status = 'EXCUSED' then 'Doctor''s note, "flu"' end
                    from attendance_session s
                    join enrollment e on e.class_id = s.class_id
                    cross join lateral (select abs(hashtext(s.id || e.student)) as h) hashed
                    cross join lateral (select
                        case when h % 20 = 0 then 'ABSENT' when h % 20 = 1 then 'EXCUSED' when h % 20 < 5 then 'LATE' else 'PRESENT' end as status,
                        case when h % 20 = 0 then 'CLOSE' when h % 20 = 1 then 'CLOSE' else 'SELF' end as source) k
                    where s.class_id = ?""", classId);
            run(connection, "analyze");
        }
        return classId;
    }

    private static void run(Connection connection, String sql, Object... params) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            statement.execute();
        }
    }
}
