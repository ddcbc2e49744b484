package com.attendancelive.attendance;

import com.attendancelive.attendance.Views.CheckInRequest;
import com.attendancelive.directory.ClassDirectory;
import com.attendancelive.directory.Role;
import com.attendancelive.directory.SchoolClass;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Who may do what with a class, by role: which classes a caller sees, who manages a class (its
 * teachers and admins: codes, rosters, events, records, corrections, opening and closing), and who
 * may check whom in. Every refusal is a 403 {@link ApiException} (or a 400 for a check-in request
 * that lacks what the caller's role must send).
 */
@Component
class AttendancePolicy {

    private final ClassDirectory directory;

    AttendancePolicy(ClassDirectory directory) {
        this.directory = directory;
    }

    /** The class, or 404: every rule is about an existing class. */
    SchoolClass requireClass(String classId) {
        return directory.findClass(classId).orElseThrow(() -> ApiException.notFound("No class " + classId));
    }

    /** The classes listed to the caller: all for admins and services, their own for teachers and students. */
    List<SchoolClass> visibleClasses(Caller caller) {
        return switch (caller.role()) {
            case ADMIN, SERVICE -> directory.allClasses();
            case TEACHER -> directory.classesTaughtBy(caller.username());
            case STUDENT -> directory.classesAttendedBy(caller.username());
        };
    }

    /** The class (404 when there is none), when the caller may manage it (403 otherwise): see {@link #requireManager}. */
    SchoolClass requireManagedClass(Caller caller, String classId, String action) {
        SchoolClass schoolClass = requireClass(classId);
        requireManager(caller, classId, action);
        return schoolClass;
    }

    /** Only a teacher of the class or an admin may {@code action}. */
    void requireManager(Caller caller, String classId, String action) {
        boolean allowed = caller.is(Role.ADMIN)
                || (caller.is(Role.TEACHER) && directory.teaches(caller.username(), classId));
        if (!allowed) {
            throw ApiException.forbidden("Only a teacher of class " + classId + " or an admin may " + action);
        }
    }

    /**
     * Whom this check-in is for. A student checks only themselves in, in a class they are enrolled
     * in, with the current code; a teacher of the class, an admin or a service names the student.
     *
     * @param self whether the student checks themselves in (then the code is checked and wrong ones counted)
     * @param source how the record came to be: {@code SELF}, {@code TEACHER} or {@code SERVICE}
     */
    record CheckInSubject(String student, String source, boolean self) {
    }

    CheckInSubject checkInSubject(Caller caller, String classId, CheckInRequest request) {
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
            return new CheckInSubject(caller.username(), "SELF", true);
        }
        if (caller.is(Role.TEACHER)) {
            requireManager(caller, classId, "check students in");
        }
        if (request.studentId() == null || request.studentId().isBlank()) {
            throw ApiException.badRequest("studentId is required");
        }
        ApiInputGuards.requireIdentifier("studentId", request.studentId());
        return new CheckInSubject(request.studentId(), caller.is(Role.SERVICE) ? "SERVICE" : "TEACHER", false);
    }
}
