package com.attendancelive.attendance;

import com.attendancelive.attendance.AttendancePolicy.CheckInSubject;
import com.attendancelive.attendance.AttendanceRepository.Session;
import com.attendancelive.attendance.Views.CheckInRequest;
import com.attendancelive.attendance.Views.CorrectionRequest;
import com.attendancelive.attendance.Views.OpenSessionRequest;
import com.attendancelive.attendance.Views.RecordView;
import com.attendancelive.attendance.Views.SessionView;
import com.attendancelive.directory.ClassDirectory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * The attendance changes. Every change runs in one transaction that first locks the class's event
 * counter row ({@link ClassEventLog#inLockedClass}), so changes to one class are serialised (on any
 * number of instances), each sees the others' committed rows, and the event it appends gets the
 * next seq. The reads are {@link AttendanceQueries}; what both work with is {@link AttendanceOperations}.
 */
@Service
class AttendanceService extends AttendanceOperations {

    private static final int MAX_MINUTES = 24 * 60;
    private static final int MAX_REASON = 500;

    private final AttendanceProperties properties;
    private final WrongCodeLimiter wrongCodes;

    AttendanceService(ClassDirectory directory, AttendanceRepository repository, AttendancePolicy policy,
            ClassEventLog log, Clock clock, AttendanceProperties properties, CheckInCodes codes,
            WrongCodeLimiter wrongCodes) {
        super(directory, repository, policy, log, clock, codes);
        this.properties = properties;
        this.wrongCodes = wrongCodes;
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
        policy.requireManagedClass(caller, classId, "open a session");
        return log.inLockedClass(classId, locked -> {
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
        policy.requireClass(classId);
        CheckInSubject subject = policy.checkInSubject(caller, classId, request);
        CheckInAttempt attempt;
        try {
            attempt = log.inLockedClass(classId,
                    locked -> checkInLocked(locked, caller, classId, sessionId, subject, request.code()));
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

    /** The check-in's transaction, once the class is locked: checks the session, the student and the code. */
    private CheckInAttempt checkInLocked(ClassEventLog.LockedClass locked, Caller caller, String classId,
            String sessionId, CheckInSubject subject, String code) {
        Session session = repository.requireSession(classId, sessionId);
        String student = subject.student();
        if (!subject.self() && !directory.isEnrolled(student, classId)) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "Student " + student + " is not enrolled in class " + classId);
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
        requireManagedSession(caller, classId, sessionId, "correct attendance");
        return log.inLockedClass(classId, locked -> {
            Optional<RecordView> existing = repository.findRecord(sessionId, studentId);
            if (existing.isEmpty() && !directory.isEnrolled(studentId, classId)) {
                throw ApiException.notFound("Student " + studentId + " has no record in session " + sessionId
                        + " and is not enrolled in class " + classId);
            }
            if (expectedVersion != null && existing.map(r -> r.version() != expectedVersion).orElse(true)) {
                throw new ApiException(HttpStatus.PRECONDITION_FAILED, "The record has changed (version "
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
        requireManagedSession(caller, classId, sessionId, "close a session");
        return log.inLockedClass(classId, locked -> {
            Session session = repository.requireSession(classId, sessionId);
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
}
