package com.attendancelive.attendance;

import com.attendancelive.attendance.Views.RecordView;
import com.attendancelive.attendance.Views.RosterEntry;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The SQL of sessions, records and their audit trail. No transaction of its own: the service
 * calls it inside the class-locked transaction of each change.
 */
@Repository
class AttendanceRepository {

    private final JdbcClient jdbc;

    AttendanceRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A session row; {@code secret} derives its rotating check-in codes. */
    record Session(String id, String classId, String status, Instant opensAt, Instant lateAfter,
            Instant closesAt, Instant closedAt, String secret) {

        boolean acceptsCheckIns(Instant now) {
            return "OPEN".equals(status) && now.isBefore(closesAt);
        }
    }

    // --- sessions --------------------------------------------------------------------------------

    /** The class's session, or 404. */
    Session requireSession(String classId, String sessionId) {
        return jdbc.sql("select * from attendance_session where id = ? and class_id = ?")
                .params(sessionId, classId).query(SESSION).optional()
                .orElseThrow(() -> ApiException.notFound("No session " + sessionId + " in class " + classId));
    }

    Optional<String> openSessionId(String classId) {
        return jdbc.sql("select id from attendance_session where class_id = ? and status = 'OPEN' order by opens_at desc")
                .param(classId).query(String.class).list().stream().findFirst();
    }

    void insertSession(Session session, String openedBy) {
        jdbc.sql("""
                insert into attendance_session (id, class_id, status, opens_at, late_after, closes_at, opened_by, code_secret)
                values (?, ?, 'OPEN', ?, ?, ?, ?, ?)""")
                .params(session.id(), session.classId(), utc(session.opensAt()), utc(session.lateAfter()),
                        utc(session.closesAt()), openedBy, session.secret())
                .update();
    }

    void closeSession(String sessionId, Instant at) {
        jdbc.sql("update attendance_session set status = 'CLOSED', closed_at = ? where id = ?")
                .params(utc(at), sessionId).update();
    }

    // --- records ---------------------------------------------------------------------------------

    Optional<RecordView> findRecord(String sessionId, String studentId) {
        return jdbc.sql(RECORD_SELECT + " where r.session_id = ? and r.student_id = ?")
                .params(sessionId, studentId).query(RECORD).optional();
    }

    List<RecordView> recordsOfStudent(String studentId) {
        return jdbc.sql(RECORD_SELECT + " where r.student_id = ? order by s.opens_at, s.id")
                .param(studentId).query(RECORD).list();
    }

    /** The session's records as roster entries without names, by student id. */
    List<RosterEntry> rosterRecordsOf(String sessionId) {
        return jdbc.sql("""
                select student_id, status, source, checked_in_at, version, reason from attendance_record
                where session_id = ? order by student_id""")
                .param(sessionId)
                .query((rs, row) -> new RosterEntry(rs.getString("student_id"), null,
                        AttendanceStatus.valueOf(rs.getString("status")), rs.getString("source"),
                        instant(rs, "checked_in_at"), rs.getLong("version"), rs.getString("reason")))
                .list();
    }

    List<String> recordedStudents(String sessionId) {
        return jdbc.sql("select student_id from attendance_record where session_id = ?")
                .param(sessionId).query(String.class).list();
    }

    void insertCheckIn(String sessionId, String studentId, AttendanceStatus status, String source, Instant at, String by) {
        jdbc.sql("""
                insert into attendance_record (session_id, student_id, status, source, checked_in_at, updated_at, updated_by, version)
                values (?, ?, ?, ?, ?, ?, ?, 1)""")
                .params(sessionId, studentId, status.name(), source, utc(at), utc(at), by)
                .update();
    }

    /** A record set by a teacher for a student who had none. */
    void insertCorrected(String sessionId, String studentId, AttendanceStatus status, Instant at, String by, String reason) {
        jdbc.sql("""
                insert into attendance_record (session_id, student_id, status, source, checked_in_at, updated_at, updated_by, version, reason)
                values (?, ?, ?, 'TEACHER', null, ?, ?, 1, ?)""")
                .params(sessionId, studentId, status.name(), utc(at), by, reason)
                .update();
    }

    void updateStatus(String sessionId, String studentId, long version, AttendanceStatus status, Instant at, String by,
            String reason) {
        jdbc.sql("""
                update attendance_record set status = ?, updated_at = ?, updated_by = ?, version = version + 1, reason = ?
                where session_id = ? and student_id = ? and version = ?""")
                .params(status.name(), utc(at), by, reason, sessionId, studentId, version)
                .update();
    }

    /** The ABSENT record a closing session gives a student without one. */
    void insertAbsent(String sessionId, String studentId, Instant at, String by) {
        jdbc.sql("""
                insert into attendance_record (session_id, student_id, status, source, checked_in_at, updated_at, updated_by, version)
                values (?, ?, 'ABSENT', 'CLOSE', null, ?, ?, 1)""")
                .params(sessionId, studentId, utc(at), by)
                .update();
    }

    void audit(String sessionId, String student, String by, Instant at, AttendanceStatus from, AttendanceStatus to,
            String reason) {
        jdbc.sql("""
                insert into attendance_audit (session_id, student_id, changed_by, changed_at, old_status, new_status, reason)
                values (?, ?, ?, ?, ?, ?, ?)""")
                .params(sessionId, student, by, utc(at), from == null ? null : from.name(), to.name(), reason)
                .update();
    }

    // --- mapping ---------------------------------------------------------------------------------

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static final String RECORD_SELECT = """
            select s.class_id, r.session_id, r.student_id, r.status, r.source, r.checked_in_at, r.updated_at,
                   r.updated_by, r.version
            from attendance_record r join attendance_session s on s.id = r.session_id""";

    private static final RowMapper<RecordView> RECORD = (rs, row) -> new RecordView(rs.getString("class_id"),
            rs.getString("session_id"), rs.getString("student_id"), AttendanceStatus.valueOf(rs.getString("status")),
            rs.getString("source"), instant(rs, "checked_in_at"), instant(rs, "updated_at"), rs.getString("updated_by"),
            rs.getLong("version"));

    private static final RowMapper<Session> SESSION = (rs, row) -> new Session(rs.getString("id"),
            rs.getString("class_id"), rs.getString("status"), instant(rs, "opens_at"), instant(rs, "late_after"),
            instant(rs, "closes_at"), instant(rs, "closed_at"), rs.getString("code_secret"));
}
