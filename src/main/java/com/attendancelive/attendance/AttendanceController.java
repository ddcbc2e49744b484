package com.attendancelive.attendance;

import com.attendancelive.attendance.Views.CheckInRequest;
import com.attendancelive.attendance.Views.ClassView;
import com.attendancelive.attendance.Views.CodeView;
import com.attendancelive.attendance.Views.CorrectionRequest;
import com.attendancelive.attendance.Views.OpenSessionRequest;
import com.attendancelive.attendance.Views.RecordView;
import com.attendancelive.attendance.Views.RosterView;
import com.attendancelive.attendance.Views.SessionView;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** The REST API of the contract. Path identifiers are checked by {@link ApiInputGuards} first. */
@RestController
@RequestMapping("/api")
class AttendanceController {

    private final AttendanceService attendance;
    private final AttendanceQueries queries;

    AttendanceController(AttendanceService attendance, AttendanceQueries queries) {
        this.attendance = attendance;
        this.queries = queries;
    }

    @GetMapping("/classes")
    List<ClassView> classes(Authentication authentication) {
        return queries.classes(Caller.of(authentication));
    }

    @PostMapping("/classes/{classId}/sessions")
    ResponseEntity<SessionView> openSession(Authentication authentication, @PathVariable String classId,
            @RequestBody(required = false) OpenSessionRequest request) {
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(attendance.openSession(Caller.of(authentication), classId, request));
    }

    @GetMapping("/classes/{classId}/sessions/{sessionId}/code")
    CodeView code(Authentication authentication, @PathVariable String classId, @PathVariable String sessionId) {
        return queries.currentCode(Caller.of(authentication), classId, sessionId);
    }

    @PostMapping("/classes/{classId}/sessions/{sessionId}/check-ins")
    ResponseEntity<RecordView> checkIn(Authentication authentication, @PathVariable String classId,
            @PathVariable String sessionId, @RequestBody CheckInRequest request) {
        AttendanceService.CheckIn result = attendance.checkIn(Caller.of(authentication), classId, sessionId, request);
        return ResponseEntity.status(result.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .eTag(etag(result.record()))
                .body(result.record());
    }

    @GetMapping("/classes/{classId}/sessions/{sessionId}/attendance/{studentId}")
    ResponseEntity<RecordView> record(Authentication authentication, @PathVariable String classId,
            @PathVariable String sessionId, @PathVariable String studentId) {
        return queries.record(Caller.of(authentication), classId, sessionId, studentId)
                .map(record -> ResponseEntity.ok().eTag(etag(record)).body(record))
                .orElseThrow(() -> ApiException.notFound("Student " + studentId + " has no record in session " + sessionId));
    }

    @PutMapping("/classes/{classId}/sessions/{sessionId}/attendance/{studentId}")
    ResponseEntity<RecordView> correct(Authentication authentication, @PathVariable String classId,
            @PathVariable String sessionId, @PathVariable String studentId, @RequestBody CorrectionRequest request,
            @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        RecordView record = attendance.correct(Caller.of(authentication), classId, sessionId, studentId, request,
                expectedVersion(ifMatch));
        return ResponseEntity.ok().eTag(etag(record)).body(record);
    }

    @PostMapping("/classes/{classId}/sessions/{sessionId}/close")
    SessionView close(Authentication authentication, @PathVariable String classId, @PathVariable String sessionId) {
        return attendance.close(Caller.of(authentication), classId, sessionId);
    }

    @GetMapping("/classes/{classId}/sessions/{sessionId}/attendance")
    RosterView roster(Authentication authentication, @PathVariable String classId, @PathVariable String sessionId) {
        return queries.roster(Caller.of(authentication), classId, sessionId);
    }

    @GetMapping("/classes/{classId}/events")
    List<JsonNode> events(Authentication authentication, @PathVariable String classId,
            @RequestParam(defaultValue = "0") long afterSeq,
            @RequestParam(defaultValue = "" + AttendanceQueries.MAX_EVENTS_PER_PAGE) int limit) {
        return queries.events(Caller.of(authentication), classId, afterSeq, limit).stream()
                .map(AttendanceEvent::json).toList();
    }

    @GetMapping("/me/attendance")
    List<RecordView> myAttendance(Authentication authentication) {
        return queries.myAttendance(Caller.of(authentication));
    }

    private static String etag(RecordView record) {
        return "\"" + record.version() + "\"";
    }

    /** {@code "3"} or {@code W/"3"} is version 3; an If-Match naming no version never matches. */
    private static Long expectedVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.strip().equals("*")) {
            return null;
        }
        String tag = ifMatch.strip();
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
            tag = tag.substring(1, tag.length() - 1);
        }
        try {
            return Long.parseLong(tag);
        }
        catch (NumberFormatException notOurs) {
            return -1L;
        }
    }
}
