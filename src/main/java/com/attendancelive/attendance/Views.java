package com.attendancelive.attendance;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/** The JSON bodies of the REST API. */
final class Views {

    private Views() {
    }

    record OpenSessionRequest(Integer lateAfterMinutes, Integer durationMinutes) {
    }

    record CheckInRequest(String code, String studentId) {
    }

    record CorrectionRequest(AttendanceStatus status, String reason) {
    }

    record ClassView(String id, String name, String timeZone, String openSessionId) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SessionView(String id, String classId, String status, Instant opensAt, Instant lateAfter,
            Instant closesAt, Instant closedAt, String code, Instant codeRotatesAt, List<String> absent) {
    }

    record CodeView(String sessionId, String code, Instant rotatesAt, long stepSeconds) {
    }

    record RecordView(String classId, String sessionId, String studentId, AttendanceStatus status, String source,
            Instant checkedInAt, Instant updatedAt, String updatedBy, long version) {
    }

    /**
     * One student of a roster: {@code name} is the display name; {@code reason} is the reason of the
     * last teacher change of the record, null while no teacher changed it.
     */
    record RosterEntry(String studentId, String name, AttendanceStatus status, String source, Instant checkedInAt,
            Long version, String reason) {
    }

    record RosterView(String classId, String sessionId, String sessionStatus, long seq, List<RosterEntry> students) {
    }
}
