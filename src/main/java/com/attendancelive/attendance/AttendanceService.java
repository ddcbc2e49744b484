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
import com.attendancelive.attendance.AttendancePolicy.CheckInSubject;
import com.attendancelive.attendance.AttendanceRepository.Session;
import com.attendancelive.directory.ClassDirectory;
import com.attendancelive.directory.UserAccount;
import com.attendancelive.limits.AttemptLimiter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The attendance rules. Every change runs in one transaction that first locks the class's event
 * counter row ({@link ClassEventLog#lockClass}), so changes to one class are serialised (on any
 * number of instances), each sees the others' committed rows, and the event it appends gets the
 * next seq. The SQL is in {@link AttendanceRepository}, the role rules in {@link AttendancePolicy}.
 */
@Service
class AttendanceService {

    static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    static final int MAX_EVENTS_PER_PAGE = 1000;
    private static final int MAX_MINUTES = 24 * 60;
    private static final int MAX_REASON = 500;

    private final ClassDirectory directory;
    private final AttendanceRepository repository;
    private final AttendancePolicy policy;
    private final ClassEventLog log;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final AttendanceProperties properties;
    private final CheckInCodes codes;
    private final WrongCodeLimiter wrongCodes;

    AttendanceService(ClassDirectory directory, AttendanceRepository repository, AttendancePolicy policy,
            ClassEventLog log, PlatformTransactionManager transactions, Clock clock, AttendanceProperties properties,
            AttemptLimiter limiter) {
        this.directory = directory;
        this.repository = repository;
        this.policy = policy;
        this.log = log;
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
        this.properties = properties;
        this.codes = new CheckInCodes(properties);
        this.wrongCodes = new WrongCodeLimiter(limiter, properties.maxWrongCodes(), properties.wrongCodeWindow());
    }

    // --- reads -----------------------------------------------------------------------------------

    List<ClassView> classes(Caller caller) {
        return policy.visibleClasses(caller).stream()
                .map(c -> new ClassView(c.id(), c.name(), c.timeZone().getId(),
                        repository.openSessionId(c.id()).orElse(null)))
                .toList();
    }

    CodeView currentCode(Caller caller, String classId, String sessionId) {
        requireClass(classId);
        policy.requireManager(caller, classId, "see the check-in code");
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
        policy.requireManager(caller, classId, "see the roster");
        requireSession(classId, sessionId);
        log.ensureCounter(classId);
        // The lock waits for changes in flight, so the roster and seq describe the same moment.
        return tx.execute(status -> {
            long seq = log.lockClass(classId).lastSeq();
            Session session = requireSession(classId, sessionId);
            Map<String, RosterEntry> records = new LinkedHashMap<>();
            repository.rosterRecordsOf(sessionId).forEach(r -> records.put(r.studentId(), r));
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
        policy.requireManager(caller, classId, "read its events");
        if (afterSeq < 0) {
            throw ApiException.badRequest("afterSeq must be 0 or more");
        }
        if (limit < 1 || limit > MAX_EVENTS_PER_PAGE) {
            throw ApiException.badRequest("limit must be between 1 and " + MAX_EVENTS_PER_PAGE);
        }
        return log.eventsAfter(classId, afterSeq, limit);
    }

    List<RecordView> myAttendance(Caller caller) {
        return repository.recordsOfStudent(caller.username());
    }

    Optional<RecordView> record(Caller caller, String classId, String sessionId, String studentId) {
        requireClass(classId);
        policy.requireManager(caller, classId, "see its records");
        requireSession(classId, sessionId);
        return repository.findRecord(sessionId, studentId);
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
        policy.requireManager(caller, classId, "open a session");
        log.ensureCounter(classId);
        return tx.execute(status -> {
            ClassEventLog.LockedClass locked = log.lockClass(classId);
            Optional<String> open = repository.openSessionId(classId);
            if (open.isPresent()) {
                throw ApiException.conflict("Class " + classId + " already has an open session: " + open.get());
            }
            Instant now = now();
            Session session = new Session(UUID.randomUUID().toString(), classId, "OPEN", now,
                    now.plus(Duration.ofMinutes(lateAfter)), now.plus(Duration.ofMinutes(duration)), null,
                    CheckInCodes.newSecret());
            repository.insertSession(session, caller.username());
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
        CheckInSubject subject = policy.checkInSubject(caller, classId, request);
        log.ensureCounter(classId);
        CheckInAttempt attempt;
        try {
            attempt = tx.execute(status -> checkInLocked(caller, classId, sessionId, subject, request.code()));
        }
        catch (DuplicateKeyException concurrentCheckIn) {
            // Only reachable if the class lock was bypassed; the constraint still keeps one record.
            return new CheckIn(repository.findRecord(sessionId, subject.student()).orElseThrow(() -> concurrentCheckIn),
                    false);
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

    /** The check-in's transaction: locks the class, then checks the session, the student and the code. */
    private CheckInAttempt checkInLocked(Caller caller, String classId, String sessionId, CheckInSubject subject,
            String code) {
        ClassEventLog.LockedClass locked = log.lockClass(classId);
        Session session = requireSession(classId, sessionId);
        String student = subject.student();
        if (!subject.self() && !directory.isEnrolled(student, classId)) {
            throw ApiException.unprocessable("Student " + student + " is not enrolled in class " + classId);
        }
        if (subject.self()) {
            Duration wait = wrongCodes.retryAfter(student);
            if (!wait.isZero()) {
                throw ApiException.tooManyRequests("Too many wrong check-in codes; try again later", wait);
            }
        }
        Instant now = now();
        if (!session.acceptsCheckIns(now)) {
            throw ApiException.conflict("Session " + sessionId + " is closed");
        }
        Optional<RecordView> existing = repository.findRecord(sessionId, student);
        if (existing.isPresent()) {
            return new CheckInAttempt(new CheckIn(existing.get(), false), null);
        }
        if (subject.self() && !codes.accepts(session.secret(), code, now)) {
            // Counted before the class lock is released: the student's next attempt sees it.
            return new CheckInAttempt(null, wrongCodes.recordFailure(student));
        }
        AttendanceStatus result = now.isAfter(session.lateAfter()) ? AttendanceStatus.LATE : AttendanceStatus.PRESENT;
        repository.insertCheckIn(sessionId, student, result, subject.source(), now, caller.username());
        repository.audit(sessionId, student, caller.username(), now, null, result, null);
        log.append(locked, "CHECKED_IN", now, body -> {
            body.put("sessionId", sessionId);
            body.put("studentId", student);
            body.put("status", result.name());
            body.put("source", subject.source());
        });
        return new CheckInAttempt(new CheckIn(new RecordView(classId, sessionId, student, result, subject.source(), now,
                now, caller.username(), 1), true), null);
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
        policy.requireManager(caller, classId, "correct attendance");
        requireSession(classId, sessionId);
        log.ensureCounter(classId);
        return tx.execute(status -> {
            ClassEventLog.LockedClass locked = log.lockClass(classId);
            Optional<RecordView> existing = repository.findRecord(sessionId, studentId);
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
                repository.insertCorrected(sessionId, studentId, request.status(), now, caller.username(), reason);
            }
            else {
                repository.updateStatus(sessionId, studentId, existing.get().version(), request.status(), now,
                        caller.username(), reason);
            }
            repository.audit(sessionId, studentId, caller.username(), now, previous, request.status(), reason);
            log.append(locked, "STATUS_CHANGED", now, body -> {
                body.put("sessionId", sessionId);
                body.put("studentId", studentId);
                body.put("status", request.status().name());
                body.put("previousStatus", previous == null ? null : previous.name());
                body.put("changedBy", caller.username());
                body.put("reason", reason);
            });
            return repository.findRecord(sessionId, studentId).orElseThrow();
        });
    }

    SessionView close(Caller caller, String classId, String sessionId) {
        requireClass(classId);
        policy.requireManager(caller, classId, "close a session");
        requireSession(classId, sessionId);
        log.ensureCounter(classId);
        return tx.execute(status -> {
            ClassEventLog.LockedClass locked = log.lockClass(classId);
            Session session = requireSession(classId, sessionId);
            if ("CLOSED".equals(session.status())) {
                throw ApiException.conflict("Session " + sessionId + " is already closed");
            }
            Instant now = now();
            List<String> recorded = repository.recordedStudents(sessionId);
            List<String> absent = directory.enrolledStudents(classId).stream()
                    .filter(student -> !recorded.contains(student)).sorted().toList();
            for (String student : absent) {
                repository.insertAbsent(sessionId, student, now, caller.username());
                repository.audit(sessionId, student, caller.username(), now, null, AttendanceStatus.ABSENT, "session closed");
            }
            repository.closeSession(sessionId, now);
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
            throw ApiException.badRequest(what + " must match [A-Za-z0-9_-]{1,64}");
        }
    }

    private void requireClass(String classId) {
        if (directory.findClass(classId).isEmpty()) {
            throw ApiException.notFound("No class " + classId);
        }
    }

    private Session requireSession(String classId, String sessionId) {
        return repository.findSession(classId, sessionId)
                .orElseThrow(() -> ApiException.notFound("No session " + sessionId + " in class " + classId));
    }

    private static RosterEntry named(RosterEntry record, String name) {
        return new RosterEntry(record.studentId(), name, record.status(), record.source(), record.checkedInAt(),
                record.version(), record.reason());
    }
}
