package com.attendancelive.attendance;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The SQL of the CSV exports: one query per export, its rows handed on one at a time as the
 * database sends them. PostgreSQL sends a result in batches of the fetch size only inside a
 * transaction (autocommit off), so every query runs in a read-only one; the connection is held
 * until the last row is written. The query joins the directory's tables (enrollment, app_user)
 * read-only: a streamed export needs its rows from one statement.
 */
@Repository
class AttendanceExportQueries {

    /** One line of an export: a student in a session, with or without a record. */
    record ExportRow(String sessionId, Instant openedAt, String studentId, String name, String status,
            Instant checkedInAt, String source, String changedBy, String reason) {
    }

    // The students of each chosen session (%1$s picks sessions as ss): the enrolled ones, and anyone
    // with a record there who has left. Derived tables, not a WITH: on H2 2.4 the same query as a WITH
    // answered its second run, with other dates, with no rows.
    private static final String ROWS = """
            select s.id, s.opens_at, m.student_id, u.display_name, r.status, r.checked_in_at, r.source,
                   case when r.reason is not null then r.updated_by end as changed_by, r.reason
            from (
                select ss.id as session_id, e.student as student_id
                from attendance_session ss join enrollment e on e.class_id = ss.class_id where %1$s
                union
                select rr.session_id, rr.student_id
                from attendance_record rr join attendance_session ss on ss.id = rr.session_id where %1$s
            ) m
            join attendance_session s on s.id = m.session_id
            join app_user u on u.username = m.student_id
            left join attendance_record r on r.session_id = m.session_id and r.student_id = m.student_id
            order by s.opens_at, s.id, m.student_id""";

    private final JdbcTemplate streaming;
    private final TransactionTemplate readOnly;

    AttendanceExportQueries(DataSource dataSource, PlatformTransactionManager transactions, ExportProperties properties) {
        this.streaming = new JdbcTemplate(dataSource);
        this.streaming.setFetchSize(properties.fetchSize());
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
        this.readOnly.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** When the session opened, if it is a session of the class. */
    Optional<Instant> sessionOpenedAt(String classId, String sessionId) {
        return streaming.query("select opens_at from attendance_session where id = ? and class_id = ?",
                (rs, row) -> instant(rs, 1), sessionId, classId).stream().findFirst();
    }

    void forEachRowOfSession(String classId, String sessionId, Consumer<ExportRow> row) {
        stream(ROWS.formatted("ss.id = ? and ss.class_id = ?"), row, sessionId, classId, sessionId, classId);
    }

    /** Every session of the class opened at or after {@code from} and before {@code until}, oldest first. */
    void forEachRowOfSessionsOpened(String classId, Instant from, Instant until, Consumer<ExportRow> row) {
        stream(ROWS.formatted("ss.class_id = ? and ss.opens_at >= ? and ss.opens_at < ?"), row,
                classId, utc(from), utc(until), classId, utc(from), utc(until));
    }

    private void stream(String sql, Consumer<ExportRow> row, Object... params) {
        readOnly.executeWithoutResult(status -> streaming.query(sql, rs -> {
            row.accept(new ExportRow(rs.getString(1), instant(rs, 2), rs.getString(3), rs.getString(4), rs.getString(5),
                    instant(rs, 6), rs.getString(7), rs.getString(8), rs.getString(9)));
        }, params));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
