package com.attendancelive.attendance;

import com.attendancelive.attendance.AttendanceRepository.Session;
import com.attendancelive.directory.ClassDirectory;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * What the changes ({@link AttendanceService}) and the reads ({@link AttendanceQueries}) work
 * with: the directory, the SQL ({@link AttendanceRepository}), the role rules
 * ({@link AttendancePolicy}), the classes' event log, the server's clock and the check-in codes;
 * and the checks most requests open with.
 */
abstract class AttendanceOperations {

    final ClassDirectory directory;
    final AttendanceRepository repository;
    final AttendancePolicy policy;
    final ClassEventLog log;
    final CheckInCodes codes;
    private final Clock clock;

    AttendanceOperations(ClassDirectory directory, AttendanceRepository repository, AttendancePolicy policy,
            ClassEventLog log, Clock clock, CheckInCodes codes) {
        this.directory = directory;
        this.repository = repository;
        this.policy = policy;
        this.log = log;
        this.clock = clock;
        this.codes = codes;
    }

    /** The server's time, to the millisecond, as it is stored. */
    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** The session, once the class exists (404), the caller may {@code action} in it (403), and it has that session (404). */
    Session requireManagedSession(Caller caller, String classId, String sessionId, String action) {
        policy.requireManagedClass(caller, classId, action);
        return repository.requireSession(classId, sessionId);
    }
}
