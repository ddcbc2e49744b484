package com.attendancelive.attendance;

import com.attendancelive.attendance.AttendanceRepository.Session;
import com.attendancelive.attendance.Views.ClassView;
import com.attendancelive.attendance.Views.CodeView;
import com.attendancelive.attendance.Views.RecordView;
import com.attendancelive.attendance.Views.RosterEntry;
import com.attendancelive.attendance.Views.RosterView;
import com.attendancelive.directory.ClassDirectory;
import com.attendancelive.directory.UserAccount;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * The attendance reads: classes, the current code, the roster, the event log, records. They change
 * nothing; the roster alone takes the class lock ({@link ClassEventLog#inLockedClass}), so that it and
 * its seq describe the same moment.
 */
@Service
class AttendanceQueries extends AttendanceOperations {

    static final int MAX_EVENTS_PER_PAGE = 1000;

    AttendanceQueries(ClassDirectory directory, AttendanceRepository repository, AttendancePolicy policy,
            ClassEventLog log, Clock clock, CheckInCodes codes) {
        super(directory, repository, policy, log, clock, codes);
    }

    List<ClassView> classes(Caller caller) {
        return policy.visibleClasses(caller).stream()
                .map(c -> new ClassView(c.id(), c.name(), c.timeZone().getId(),
                        repository.openSessionId(c.id()).orElse(null)))
                .toList();
    }

    CodeView currentCode(Caller caller, String classId, String sessionId) {
        Session session = requireManagedSession(caller, classId, sessionId, "see the check-in code");
        Instant now = now();
        if (!session.acceptsCheckIns(now)) {
            throw ApiException.conflict("Session " + sessionId + " is closed");
        }
        CheckInCodes.CurrentCode code = codes.current(session.secret(), now);
        return new CodeView(sessionId, code.code(), code.rotatesAt(), codes.stepSeconds());
    }

    RosterView roster(Caller caller, String classId, String sessionId) {
        requireManagedSession(caller, classId, sessionId, "see the roster");
        // The lock waits for changes in flight, so the roster and seq describe the same moment.
        return log.inLockedClass(classId, locked -> {
            long seq = locked.lastSeq();
            Session session = repository.requireSession(classId, sessionId);
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

    List<AttendanceEvent> events(Caller caller, String classId, long afterSeq, int limit) {
        policy.requireManagedClass(caller, classId, "read its events");
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
        requireManagedSession(caller, classId, sessionId, "see its records");
        return repository.findRecord(sessionId, studentId);
    }

    private static RosterEntry named(RosterEntry record, String name) {
        return new RosterEntry(record.studentId(), name, record.status(), record.source(), record.checkedInAt(),
                record.version(), record.reason());
    }
}
