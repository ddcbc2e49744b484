package com.attendancelive.attendance;

import com.attendancelive.attendance.AttendanceExportQueries.ExportRow;
import com.attendancelive.directory.SchoolClass;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.stereotype.Service;

/**
 * The CSV exports of a session and of a class over a date range (docs/attendance.md, "CSV exports").
 * A request is checked whole before a byte is written: class (404), caller (403), session (404),
 * query parameters (400); then the rows stream from the database straight into the response.
 */
@Service
class AttendanceExports {

    static final List<String> SESSION_COLUMNS =
            List.of("student_id", "name", "status", "checked_in_at", "source", "changed_by", "reason");
    static final List<String> RANGE_COLUMNS = Stream.concat(Stream.of("session_id", "opened_at"),
            SESSION_COLUMNS.stream()).toList();

    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Set<String> RANGE_PARAMETERS = Set.of("from", "to");
    private static final Duration RETRY_AFTER_BUSY = Duration.ofSeconds(5);

    /** A checked export of one session. */
    record SessionExport(String classId, String sessionId, String fileName) {
    }

    /** A checked export of the sessions opened from {@code from} (inclusive) until {@code until} (exclusive). */
    record RangeExport(String classId, Instant from, Instant until, String fileName) {
    }

    private final AttendancePolicy policy;
    private final AttendanceExportQueries queries;
    private final ExportProperties properties;
    private final Semaphore rangeExports;

    AttendanceExports(AttendancePolicy policy, AttendanceExportQueries queries, ExportProperties properties) {
        this.policy = policy;
        this.queries = queries;
        this.properties = properties;
        this.rangeExports = new Semaphore(properties.maxConcurrentRangeExports());
    }

    SessionExport checkSession(Caller caller, String classId, String sessionId, Map<String, String[]> query) {
        SchoolClass schoolClass = policy.requireManagedClass(caller, classId, "export its attendance");
        Instant openedAt = queries.sessionOpenedAt(classId, sessionId)
                .orElseThrow(() -> ApiException.notFound("No session " + sessionId + " in class " + classId));
        if (!query.isEmpty()) {
            throw ApiException.badRequest("This export takes no query parameters");
        }
        LocalDate day = LocalDate.ofInstant(openedAt, schoolClass.timeZone());
        return new SessionExport(classId, sessionId, fileName("attendance-" + classId + "-" + day + "-" + sessionId));
    }

    RangeExport checkRange(Caller caller, String classId, Map<String, String[]> query) {
        SchoolClass schoolClass = policy.requireManagedClass(caller, classId, "export its attendance");
        if (!RANGE_PARAMETERS.containsAll(query.keySet())) {
            throw ApiException.badRequest("Unknown query parameter: only from and to (YYYY-MM-DD) are allowed");
        }
        LocalDate from = date(query, "from");
        LocalDate to = date(query, "to");
        if (from.isAfter(to)) {
            throw ApiException.badRequest("from (" + from + ") is after to (" + to + ")");
        }
        long days = ChronoUnit.DAYS.between(from, to) + 1;
        if (days > properties.maxRangeDays()) {
            throw ApiException.badRequest("The range covers " + days + " days; an export covers at most "
                    + properties.maxRangeDays() + " days");
        }
        ZoneId zone = schoolClass.timeZone();
        return new RangeExport(classId, from.atStartOfDay(zone).toInstant(), to.plusDays(1).atStartOfDay(zone).toInstant(),
                fileName("attendance-" + classId + "-" + from + "-to-" + to));
    }

    void write(SessionExport export, OutputStream out) {
        CsvRows csv = new CsvRows(out, SESSION_COLUMNS);
        queries.forEachRowOfSession(export.classId(), export.sessionId(), row -> csv.write(sessionCells(row)));
        csv.finish();
    }

    void write(RangeExport export, OutputStream out) {
        CsvRows csv = new CsvRows(out, RANGE_COLUMNS);
        queries.forEachRowOfSessionsOpened(export.classId(), export.from(), export.until(), row -> {
            String[] session = sessionCells(row);
            String[] cells = new String[session.length + 2];
            cells[0] = row.sessionId();
            cells[1] = row.openedAt().toString();
            System.arraycopy(session, 0, cells, 2, session.length);
            csv.write(cells);
        });
        csv.finish();
    }

    /** A place among the range exports written at once. */
    interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    /** A place among the range exports written at once, or 503 when all are taken; close it when done. */
    Slot rangeExportSlot() {
        if (!rangeExports.tryAcquire()) {
            throw ApiException.serviceUnavailable("Too many range exports are being written; try again shortly",
                    RETRY_AFTER_BUSY);
        }
        return rangeExports::release;
    }

    private static String[] sessionCells(ExportRow row) {
        return new String[] {row.studentId(), row.name(), row.status(),
                row.checkedInAt() == null ? null : row.checkedInAt().toString(), row.source(), row.changedBy(),
                row.reason()};
    }

    /** Exactly one value, a real calendar date written YYYY-MM-DD; the value is not echoed back. */
    private static LocalDate date(Map<String, String[]> query, String name) {
        String[] values = query.get(name);
        if (values == null) {
            throw ApiException.badRequest(name + " is required (YYYY-MM-DD)");
        }
        if (values.length != 1) {
            throw ApiException.badRequest(name + " must be given once");
        }
        if (!DATE.matcher(values[0]).matches()) {
            throw ApiException.badRequest(name + " must be a date written YYYY-MM-DD");
        }
        try {
            return LocalDate.parse(values[0], DateTimeFormatter.ISO_LOCAL_DATE);
        }
        catch (DateTimeParseException notADay) {
            throw ApiException.badRequest(name + " is not a calendar date (YYYY-MM-DD)");
        }
    }

    /** Built from identifiers and dates only; anything else is replaced all the same. */
    private static String fileName(String base) {
        return base.replaceAll("[^A-Za-z0-9_-]", "_") + ".csv";
    }
}
