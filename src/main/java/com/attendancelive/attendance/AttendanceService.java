package com.attendancelive.attendance;

import com.attendancelive.attendance.Views.CheckInRequest;
import com.attendancelive.attendance.Views.ClassView;
import com.attendancelive.attendance.Views.CodeView;
import com.attendancelive.attendance.Views.CorrectionRequest;
import com.attendancelive.attendance.Views.OpenSessionRequest;
import com.attendancelive.attendance.Views.RecordView;
import com.attendancelive.attendance.Views.RosterEntry;
import com.attendancelive.attendance.Views.RosterView;
import com.attendancelive.attendance.Views.SessionView;
import com.attendancelive.directory.ClassDirectory;
import com.attendancelive.directory.Role;
import com.attendancelive.directory.SchoolClass;
import com.attendancelive.directory.UserAccount;
import com.attendancelive.limits.AttemptLimiter;
import com.attendancelive.shared.Protocol;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The attendance rules. Every change runs in one transaction that first locks the class's event
 * counter row ({@link ClassEventLog#lockClass}), so changes to one class are serialised (on any
 * number of instances), each sees the others' committed rows, and the event it appends gets the
 * next seq.
 */
@Service
class AttendanceService {

    static final Pattern IDENTIFIER = Protocol.IDENTIFIER;
    static final int MAX_EVENTS_PER_PAGE = 1000;
    private static final int MAX_MINUTES = 24 * 60;
    private static final int MAX_REASON = 500;

    private final JdbcClient jdbc;
    private final ClassDirectory directory;
    private final ClassEventLog log;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final AttendanceProperties properties;
    private final CheckInCodes codes;
    private final WrongCodeLimiter wrongCodes;

    AttendanceService(JdbcClient jdbc, ClassDirectory directory, ClassEventLog log,
            PlatformTransactionManager transactions, Clock clock, AttendanceProperties properties,
            AttemptLimiter limiter) {
        this.jdbc = jdbc;
        this.directory = directory;
        this.log = log;
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
        this.properties = properties;
        this.codes = new CheckInCodes(properties);
        this.wrongCodes = new WrongCodeLimiter(limiter, properties.maxWrongCodes(), properties.wrongCodeWindow());
    }

    // --- reads -----------------------------------------------------------------------------------

    List<ClassView> classes(Caller caller) {
        List<SchoolClass> classes = switch (caller.role()) {
            case ADMIN, SERVICE -> directory.allClasses();
            case TEACHER -> directory.classesTaughtBy(caller.username());
            case STUDENT -> directory.classesAttendedBy(caller.username());
        };
        return classes.stream()
                .map(c -> new ClassView(c.id(), c.name(), c.timeZone().getId(), openSessionId(c.id()).orElse(null)))
                .toList();
    }

    CodeView currentCode(Caller caller, String classId, String sessionId) {
        requireClass(classId);
        requireManager(caller, classId, "see the check-in code");
        Session session = requireSession(classId, sessionId);
        Instant now = now();
        if (!session.acceptsCheckIns(now)) {
            throw ApiException.conflict("Session " + sessionId + " is closed");
        }
        CheckInCodes.CurrentCode code = codes.current(session.secret(), now);
        return new CodeView(sessionId, code.code(), code.rotatesAt(), properties.codeStep().toSeconds());
    }

    RosterView roster(Caller caller, String classId, String sessionId) {
        requireClass(classId);
        requireManager(caller, classId, "see the roster");
        requireSession(classId, sessionId);
        log.ensureCounter(classId);
        // The lock waits for changes in flight, so the roster and seq describe the same moment.
        return tx.execute(status -> {
            long seq = log.lockClass(classId).lastSeq();
            Session session = requireSession(classId, sessionId);
            Map<String, RosterEntry> records = new LinkedHashMap<>();
            rosterRecordsOf(sessionId).forEach(r -> records.put(r.studentId(), r));
            List<RosterEntry> entries = new ArrayList<>();
            directory.enrolledStudentNames(classId).forEach((student, name) -> {
                RosterEntry record = records.remove(student);
                entries.add(record == null ? new RosterEntry(student, name, null, null, null, null, null)
                        : named(record, name));
            });
            // Students with a record who are no longer enrolled.
            records.values().forEach(record -> entries.add(named(record,
                    directory.findUser(record.studentId()).map(UserAccount::displayName).orElse(null))));
            return new RosterView(classId, sessionId, session.status(), seq, entries);
        });
    }

    List<com.attendancelive.attendance.AttendanceEvent> events(Caller caller, String classId, long afterSeq, int limit) {
        requireClass(classId);
        requireManager(caller, classId, "read its events");
        if (afterSeq < 0) {
            throw ApiException.badRequest("afterSeq must be 0 or more");
        }
        if (limit < 1 || limit > MAX_EVENTS_PER_PAGE) {
            throw ApiException.badRequest("limit must be between 1 and " + MAX_EVENTS_PER_PAGE);
        }
        return log.eventsAfter(classId, afterSeq, limit);
    }

    List<RecordView> myAttendance(Caller caller) {
        return jdbc.sql(RECORD_SELECT + " where r.student_id = ? order by s.opens_at, s.id")
                .param(caller.username()).query(RECORD).list();
    }

    Optional<RecordView> record(Caller caller, String classId, String sessionId, String studentId) {
        requireClass(classId);
        requireManager(caller, classId, "see its records");
        requireSession(classId, sessionId);
        return findRecord(sessionId, studentId);
    }

    // --- changes ---------------------------------------------------------------------------------

    SessionView openSession(Caller caller, String classId, OpenSessionRequest request) {
        int lateAfter = request == null || request.lateAfterMinutes() == null
                ? properties.defaultLateAfterMinutes() : request.lateAfterMinutes();
        int duration = request == null || request.durationMinutes() == null
                ? properties.defaultDurationMinutes() : request.durationMinutes();
        if (duration < 1 || duration > MAX_MINUTES) {
            throw ApiException.badRequest("durationMinutes must be between 1 and " + MAX_MINUTES);
        }
        if (lateAfter < 0 || lateAfter > duration) {
            throw ApiException.badRequest("lateAfterMinutes must be between 0 and durationMinutes (" + duration + ")");
        }
        requireClass(classId);
        requireManager(caller, classId, "open a session");
        log.ensureCounter(classId);
        return tx.execute(status -> {
            ClassEventLog.LockedClass locked = log.lockClass(classId);
            Optional<String> open = openSessionId(classId);
            if (open.isPresent()) {
                throw ApiException.conflict("Class " + classId + " already has an open session: " + open.get());
            }
            Instant now = now();
            Session session = new Session(UUID.randomUUID().toString(), classId, "OPEN", now,
                    now.plus(Duration.ofMinutes(lateAfter)), now.plus(Duration.ofMinutes(duration)), null,
                    CheckInCodes.newSecret());
            jdbc.sql("""
                    insert into attendance_session (id, class_id, status, opens_at, late_after, closes_at, opened_by, code_secret)
                    values (?, ?, 'OPEN', ?, ?, ?, ?, ?)""")
                    .params(session.id(), classId, utc(session.opensAt()), utc(session.lateAfter()),
                            utc(session.closesAt()), caller.username(), session.secret())
                    .update();
            log.append(locked, "SESSION_OPENED", now, body -> {
                body.put("sessionId", session.id());
                body.put("opensAt", session.opensAt().toString());
                body.put("lateAfter", session.lateAfter().toString());
                body.put("closesAt", session.closesAt().toString());
            });
            CheckInCodes.CurrentCode code = codes.current(session.secret(), now);
            return new SessionView(session.id(), classId, "OPEN", session.opensAt(), session.lateAfter(),
                    session.closesAt(), null, code.code(), code.rotatesAt(), null);
        });
    }

    /** The record, and whether this call created it. */
    record CheckIn(RecordView record, boolean created) {
    }

    /** What a check-in's transaction ended with: a check-in, or a wrong code (counted in it, so it commits). */
    private record CheckInAttempt(CheckIn checkIn, Optional<Duration> wrongCodeRefusal) {
    }

    CheckIn checkIn(Caller caller, String classId, String sessionId, CheckInRequest request) {
        if (request == null) {
            throw ApiException.badRequest("A body with code (students) or studentId is required");
        }
        requireClass(classId);
        String student;
        String source;
        if (caller.is(Role.STUDENT)) {
            if (request.studentId() != null && !request.studentId().equals(caller.username())) {
                throw ApiException.forbidden("A student may only check themselves in");
            }
            if (!directory.isEnrolled(caller.username(), classId)) {
                throw ApiException.forbidden("You are not enrolled in class " + classId);
            }
            if (request.code() == null || request.code().isBlank()) {
                throw ApiException.badRequest("code is required");
            }
            student = caller.username();
            source = "SELF";
        }
        else {
            if (caller.is(Role.TEACHER)) {
                requireManager(caller, classId, "check students in");
            }
            if (request.studentId() == null || request.studentId().isBlank()) {
                throw ApiException.badRequest("studentId is required");
            }
            requireIdentifier("studentId", request.studentId());
            student = request.studentId();
            source = caller.is(Role.SERVICE) ? "SERVICE" : "TEACHER";
        }
        log.ensureCounter(classId);
        CheckInAttempt attempt;
        try {
            attempt = tx.execute(status -> {
                ClassEventLog.LockedClass locked = log.lockClass(classId);
                Session session = requireSession(classId, sessionId);
                if (!caller.is(Role.STUDENT) && !directory.isEnrolled(student, classId)) {
                    throw ApiException.unprocessable("Student " + student + " is not enrolled in class " + classId);
                }
                if (caller.is(Role.STUDENT)) {
                    Duration wait = wrongCodes.retryAfter(student);
                    if (!wait.isZero()) {
                        throw ApiException.tooManyRequests("Too many wrong check-in codes; try again later", wait);
                    }
                }
                Instant now = now();
                if (!session.acceptsCheckIns(now)) {
                    throw ApiException.conflict("Session " + sessionId + " is closed");
                }
                Optional<RecordView> existing = findRecord(sessionId, student);
                if (existing.isPresent()) {
                    return new CheckInAttempt(new CheckIn(existing.get(), false), null);
                }
                if (caller.is(Role.STUDENT) && !codes.accepts(session.secret(), request.code(), now)) {
                    // Counted before the class lock is released: the student's next attempt sees it.
                    return new CheckInAttempt(null, wrongCodes.recordFailure(student));
                }
                AttendanceStatus result = now.isAfter(session.lateAfter()) ? AttendanceStatus.LATE : AttendanceStatus.PRESENT;
                jdbc.sql("""
                        insert into attendance_record (session_id, student_id, status, source, checked_in_at, updated_at, updated_by, version)
                        values (?, ?, ?, ?, ?, ?, ?, 1)""")
                        .params(sessionId, student, result.name(), source, utc(now), utc(now), caller.username())
                        .update();
                audit(sessionId, student, caller.username(), now, null, result, null);
                log.append(locked, "CHECKED_IN", now, body -> {
                    body.put("sessionId", sessionId);
                    body.put("studentId", student);
                    body.put("status", result.name());
                    body.put("source", source);
                });
                return new CheckInAttempt(new CheckIn(new RecordView(classId, sessionId, student, result, source, now,
                        now, caller.username(), 1), true), null);
            });
        }
        catch (DuplicateKeyException concurrentCheckIn) {
            // Only reachable if the class lock was bypassed; the constraint still keeps one record.
            return new CheckIn(findRecord(sessionId, student).orElseThrow(() -> concurrentCheckIn), false);
        }
        if (attempt.checkIn() != null) {
            return attempt.checkIn();
        }
        if (attempt.wrongCodeRefusal().isPresent()) {
            throw ApiException.tooManyRequests("Too many wrong check-in codes; try again later",
                    attempt.wrongCodeRefusal().get());
        }
        throw new ApiException.WrongCode();
    }

    /**
     * Sets a student's status. {@code expectedVersion} (from If-Match) must match the record's
     * version when given; a status equal to the current one changes nothing.
     */
    RecordView correct(Caller caller, String classId, String sessionId, String studentId, CorrectionRequest request,
            Long expectedVersion) {
        if (request == null || request.status() == null) {
            throw ApiException.badRequest("status is required (PRESENT, LATE, ABSENT or EXCUSED)");
        }
        if (request.reason() == null || request.reason().isBlank()) {
            throw ApiException.badRequest("reason is required");
        }
        if (request.reason().length() > MAX_REASON) {
            throw ApiException.badRequest("reason is longer than " + MAX_REASON + " characters");
        }
        requireClass(classId);
        requireManager(caller, classId, "correct attendance");
        requireSession(classId, sessionId);
        log.ensureCounter(classId);
        return tx.execute(status -> {
            ClassEventLog.LockedClass locked = log.lockClass(classId);
            Optional<RecordView> existing = findRecord(sessionId, studentId);
            if (existing.isEmpty() && !directory.isEnrolled(studentId, classId)) {
                throw ApiException.notFound("Student " + studentId + " has no record in session " + sessionId
                        + " and is not enrolled in class " + classId);
            }
            if (expectedVersion != null && existing.map(r -> r.version() != expectedVersion).orElse(true)) {
                throw ApiException.preconditionFailed("The record has changed (version "
                        + existing.map(r -> Long.toString(r.version())).orElse("none")
                        + "); reload it and try again");
            }
            AttendanceStatus previous = existing.map(RecordView::status).orElse(null);
            if (previous == request.status()) {
                return existing.get();
            }
            Instant now = now();
            String reason = request.reason().strip();
            if (existing.isEmpty()) {
                jdbc.sql("""
                        insert into attendance_record (session_id, student_id, status, source, checked_in_at, updated_at, updated_by, version, reason)
                        values (?, ?, ?, 'TEACHER', null, ?, ?, 1, ?)""")
                        .params(sessionId, studentId, request.status().name(), utc(now), caller.username(), reason)
                        .update();
            }
            else {
                jdbc.sql("""
                        update attendance_record set status = ?, updated_at = ?, updated_by = ?, version = version + 1, reason = ?
                        where session_id = ? and student_id = ? and version = ?""")
                        .params(request.status().name(), utc(now), caller.username(), reason, sessionId, studentId,
                                existing.get().version())
                        .update();
            }
            audit(sessionId, studentId, caller.username(), now, previous, request.status(), reason);
            log.append(locked, "STATUS_CHANGED", now, body -> {
                body.put("sessionId", sessionId);
                body.put("studentId", studentId);
                body.put("status", request.status().name());
                body.put("previousStatus", previous == null ? null : previous.name());
                body.put("changedBy", caller.username());
                body.put("reason", reason);
            });
            return findRecord(sessionId, studentId).orElseThrow();
        });
    }

    SessionView close(Caller caller, String classId, String sessionId) {
        requireClass(classId);
        requireManager(caller, classId, "close a session");
        requireSession(classId, sessionId);
        log.ensureCounter(classId);
        return tx.execute(status -> {
            ClassEventLog.LockedClass locked = log.lockClass(classId);
            Session session = requireSession(classId, sessionId);
            if ("CLOSED".equals(session.status())) {
                throw ApiException.conflict("Session " + sessionId + " is already closed");
            }
            Instant now = now();
            List<String> recorded = jdbc.sql("select student_id from attendance_record where session_id = ?")
                    .param(sessionId).query(String.class).list();
            List<String> absent = directory.enrolledStudents(classId).stream()
                    .filter(student -> !recorded.contains(student)).sorted().toList();
            for (String student : absent) {
                jdbc.sql("""
                        insert into attendance_record (session_id, student_id, status, source, checked_in_at, updated_at, updated_by, version)
                        values (?, ?, 'ABSENT', 'CLOSE', null, ?, ?, 1)""")
                        .params(sessionId, student, utc(now), caller.username())
                        .update();
                audit(sessionId, student, caller.username(), now, null, AttendanceStatus.ABSENT, "session closed");
            }
            jdbc.sql("update attendance_session set status = 'CLOSED', closed_at = ? where id = ?")
                    .params(utc(now), sessionId).update();
            log.append(locked, "SESSION_CLOSED", now, body -> {
                body.put("sessionId", sessionId);
                var list = body.putArray("absent");
                absent.forEach(list::add);
            });
            return new SessionView(sessionId, classId, "CLOSED", session.opensAt(), session.lateAfter(),
                    session.closesAt(), now, null, null, absent);
        });
    }

    // --- helpers ---------------------------------------------------------------------------------

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    static void requireIdentifier(String what, String value) {
        if (value == null || !IDENTIFIER.matcher(value).matches()) {
            throw ApiException.badRequest(what + " must match " + Protocol.IDENTIFIER_GRAMMAR);
        }
    }

    private void requireClass(String classId) {
        if (directory.findClass(classId).isEmpty()) {
            throw ApiException.notFound("No class " + classId);
        }
    }

    private void requireManager(Caller caller, String classId, String action) {
        boolean allowed = caller.is(Role.ADMIN)
                || (caller.is(Role.TEACHER) && directory.teaches(caller.username(), classId));
        if (!allowed) {
            throw ApiException.forbidden("Only a teacher of class " + classId + " or an admin may " + action);
        }
    }

    private Session requireSession(String classId, String sessionId) {
        return jdbc.sql("select * from attendance_session where id = ? and class_id = ?")
                .params(sessionId, classId).query(SESSION).optional()
                .orElseThrow(() -> ApiException.notFound("No session " + sessionId + " in class " + classId));
    }

    private Optional<String> openSessionId(String classId) {
        return jdbc.sql("select id from attendance_session where class_id = ? and status = 'OPEN' order by opens_at desc")
                .param(classId).query(String.class).list().stream().findFirst();
    }

    private Optional<RecordView> findRecord(String sessionId, String studentId) {
        return jdbc.sql(RECORD_SELECT + " where r.session_id = ? and r.student_id = ?")
                .params(sessionId, studentId).query(RECORD).optional();
    }

    private List<RosterEntry> rosterRecordsOf(String sessionId) {
        return jdbc.sql("""
                select student_id, status, source, checked_in_at, version, reason from attendance_record
                where session_id = ? order by student_id""")
                .param(sessionId)
                .query((rs, row) -> new RosterEntry(rs.getString("student_id"), null,
                        AttendanceStatus.valueOf(rs.getString("status")), rs.getString("source"),
                        instant(rs, "checked_in_at"), rs.getLong("version"), rs.getString("reason")))
                .list();
    }

    private void audit(String sessionId, String student, String by, Instant at, AttendanceStatus from,
            AttendanceStatus to, String reason) {
        jdbc.sql("""
                insert into attendance_audit (session_id, student_id, changed_by, changed_at, old_status, new_status, reason)
                values (?, ?, ?, ?, ?, ?, ?)""")
                .params(sessionId, student, by, utc(at), from == null ? null : from.name(), to.name(), reason)
                .update();
    }

    private static RosterEntry named(RosterEntry record, String name) {
        return new RosterEntry(record.studentId(), name, record.status(), record.source(), record.checkedInAt(),
                record.version(), record.reason());
    }

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

    private record Session(String id, String classId, String status, Instant opensAt, Instant lateAfter,
            Instant closesAt, Instant closedAt, String secret) {

        boolean acceptsCheckIns(Instant now) {
            return "OPEN".equals(status) && now.isBefore(closesAt);
        }
    }
}
