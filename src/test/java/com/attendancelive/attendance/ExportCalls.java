package com.attendancelive.attendance;

import static org.assertj.core.api.Assertions.assertThat;

import com.attendancelive.support.Http;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvReadFeature;

/** What the export tests do over HTTP and in the database, and how they read a CSV back. */
final class ExportCalls {

    private static final CsvMapper CSV = CsvMapper.builder().enable(CsvReadFeature.WRAP_AS_ARRAY).build();

    private ExportCalls() {
    }

    static HttpResponse<String> get(int port, String path, String bearer) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
        if (bearer != null) {
            request.header("Authorization", bearer);
        }
        return Http.send(request.build());
    }

    /** Every line of the CSV, the header first, parsed by Jackson's CSV reader. */
    static List<List<String>> rows(String csv) {
        List<List<String>> rows = new ArrayList<>();
        try (MappingIterator<List<String>> lines = CSV.readerForListOf(String.class).readValues(csv)) {
            lines.forEachRemaining(rows::add);
        }
        return rows;
    }

    static void assertCsv(HttpResponse<String> response, String fileName) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        MediaType type = MediaType.parseMediaType(response.headers().firstValue("Content-Type").orElseThrow());
        assertThat(type.isCompatibleWith(MediaType.parseMediaType("text/csv"))).as(type.toString()).isTrue();
        assertThat(type.getCharset()).hasToString("UTF-8");
        assertThat(response.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"" + fileName + "\"");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    static void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).as(response.body())
                .hasValueSatisfying(type -> assertThat(MediaType.parseMediaType(type)
                        .isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue());
        assertThat(response.body()).doesNotContain("student_id");
    }

    /** A session of the class opened at {@code opensAt}, written straight into the database; its id. */
    static String insertSession(JdbcClient jdbc, String classId, Instant opensAt, String status) {
        String id = "s" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        OffsetDateTime at = OffsetDateTime.ofInstant(opensAt, ZoneOffset.UTC);
        jdbc.sql("""
                insert into attendance_session (id, class_id, status, opens_at, late_after, closes_at, opened_by, code_secret)
                values (?, ?, ?, ?, ?, ?, 'lovelace', 'x')""")
                .params(id, classId, status, at, at.plusMinutes(10), at.plusMinutes(90)).update();
        return id;
    }

    static void insertRecord(JdbcClient jdbc, String sessionId, String student, String status, String source,
            Instant checkedInAt) {
        OffsetDateTime at = checkedInAt == null ? null : OffsetDateTime.ofInstant(checkedInAt, ZoneOffset.UTC);
        jdbc.sql("""
                insert into attendance_record (session_id, student_id, status, source, checked_in_at, updated_at, updated_by, version)
                values (?, ?, ?, ?, ?, current_timestamp, 'kiosk', 1)""")
                .params(sessionId, student, status, source, at).update();
    }
}
