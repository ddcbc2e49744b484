package com.attendancelive.attendance;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Consumer;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The CSV exports of the contract (version 2, "Exports"). Written on the request thread straight
 * into the response: everything is checked first, so a refused export is a problem document and an
 * accepted one is a file; a failure midway cuts the response off.
 */
@RestController
@RequestMapping("/api")
class ExportController {

    static final String CSV = "text/csv;charset=UTF-8";

    private final AttendanceExports exports;

    ExportController(AttendanceExports exports) {
        this.exports = exports;
    }

    @GetMapping("/classes/{classId}/sessions/{sessionId}/attendance.csv")
    void session(Authentication authentication, @PathVariable String classId, @PathVariable String sessionId,
            HttpServletRequest request, HttpServletResponse response) throws IOException {
        AttendanceExports.SessionExport export = exports.checkSession(Caller.of(authentication), classId, sessionId,
                request.getParameterMap());
        send(response, export.fileName(), out -> exports.write(export, out));
    }

    @GetMapping("/classes/{classId}/attendance.csv")
    void range(Authentication authentication, @PathVariable String classId, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        AttendanceExports.RangeExport export = exports.checkRange(Caller.of(authentication), classId,
                request.getParameterMap());
        try (AttendanceExports.Slot slot = exports.rangeExportSlot()) {
            send(response, export.fileName(), out -> exports.write(export, out));
        }
    }

    private static void send(HttpServletResponse response, String fileName, Consumer<OutputStream> body)
            throws IOException {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(CSV);
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
                ContentDisposition.attachment().filename(fileName).build().toString());
        // Names and attendance of students: no shared cache keeps a copy.
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        body.accept(response.getOutputStream());
    }
}
