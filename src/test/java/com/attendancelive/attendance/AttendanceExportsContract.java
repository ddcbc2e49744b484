package com.attendancelive.attendance;

import static com.attendancelive.attendance.ExportCalls.assertCsv;
import static com.attendancelive.attendance.ExportCalls.assertProblem;
import static com.attendancelive.attendance.ExportCalls.get;
import static com.attendancelive.attendance.ExportCalls.insertRecord;
import static com.attendancelive.attendance.ExportCalls.insertSession;
import static com.attendancelive.attendance.ExportCalls.rows;
import static org.assertj.core.api.Assertions.assertThat;

import com.attendancelive.support.ClassroomCalls;
import com.attendancelive.support.Http;
import com.attendancelive.support.RunningAppTest;
import com.attendancelive.support.TestLogin;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.json.JsonMapper;

/**
 * The contract's CSV exports over real HTTP: columns, quoting, formula neutralising, the range in the
 * class's time zone, access and every refused request. Run on H2 and PostgreSQL by the subclasses.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
abstract class AttendanceExportsContract extends RunningAppTest {

    static final String HEADER = "student_id,name,status,checked_in_at,source,changed_by,reason\r\n";
    static final String RANGE_HEADER = "session_id,opened_at," + HEADER;
    static final String AWKWARD_NAME = "Zoë, \"Z\"\nO'Brien";
    static final String AWKWARD_REASON = "Doctor's note, \"flu\"\nsee file; ünïcödé ✓";

    String classId;
    String lovelace;

    @BeforeEach
    void newClass() throws Exception {
        classId = ClassroomCalls.newClass(dataSource, "x", 4);
        lovelace = TestLogin.bearer(port, "lovelace");
    }

    @Test
    void aSessionExportHasOneRowPerStudentWithNamesAndReasonsQuoted() throws Exception {
        rename(0, AWKWARD_NAME);
        rename(1, "=HYPERLINK(\"http://evil.example\",\"x\")");
        rename(2, "Bob, the \"Builder\"");
        String session = ClassroomCalls.openSession(port, classId);
        assertThat(ClassroomCalls.checkIn(port, classId, session, student(1), TestLogin.bearer(port, "kiosk"))
                .statusCode()).isEqualTo(201);
        correct(session, student(0), "EXCUSED", AWKWARD_REASON);
        correct(session, student(3), "LATE", "=1+1");
        Instant checkedIn = jdbc.sql("select checked_in_at from attendance_record where session_id = ? and student_id = ?")
                .params(session, student(1)).query(java.time.OffsetDateTime.class).single().toInstant();

        HttpResponse<String> response = get(port, sessionCsv(session), lovelace);
        assertCsv(response, "attendance-" + classId + "-" + java.time.LocalDate.now(java.time.ZoneOffset.UTC) + "-"
                + session + ".csv");
        assertThat(response.body()).startsWith(HEADER);
        assertThat(response.body()).contains("Zoë"); // decoded as UTF-8
        List<List<String>> rows = rows(response.body());
        assertThat(rows).hasSize(5);
        assertThat(rows.get(1)).containsExactly(student(0), AWKWARD_NAME, "EXCUSED", "", "TEACHER", "lovelace",
                AWKWARD_REASON);
        assertThat(rows.get(2)).containsExactly(student(1), "'=HYPERLINK(\"http://evil.example\",\"x\")", "PRESENT",
                checkedIn.toString(), "SERVICE", "", "");
        assertThat(rows.get(3)).as("no record yet: status and the rest empty")
                .containsExactly(student(2), "Bob, the \"Builder\"", "", "", "", "", "");
        assertThat(rows.get(4)).containsExactly(student(3), student(3), "LATE", "", "TEACHER", "lovelace", "'=1+1");

        assertThat(get(port, sessionCsv(session), TestLogin.bearer(port, "admin")).statusCode()).isEqualTo(200);
    }

    @Test
    void everyCellThatCouldBeAFormulaGetsALeadingQuote() throws Exception {
        String dashed = "-" + classId;
        jdbc.sql("insert into app_user (username, password_hash, role, display_name) values (?, 'x', 'STUDENT', '@cmd')")
                .param(dashed).update();
        jdbc.sql("insert into enrollment (class_id, student) values (?, ?)").params(classId, dashed).update();
        rename(0, "+1 555 0100");
        rename(1, "\tTabbed");
        rename(2, "\rReturned");
        rename(3, "-minus");
        String session = ClassroomCalls.openSession(port, classId);
        correct(session, student(0), "EXCUSED", "-2+3");
        correct(session, student(1), "EXCUSED", "@SUM(A1)");
        correct(session, student(2), "EXCUSED", "+plus");

        List<List<String>> rows = rows(get(port, sessionCsv(session), lovelace).body());
        assertThat(rows.get(1)).as("ids sort '-' first").containsExactly("'" + dashed, "'@cmd", "", "", "", "", "");
        assertThat(rows.get(2)).containsExactly(student(0), "'+1 555 0100", "EXCUSED", "", "TEACHER", "lovelace", "'-2+3");
        assertThat(rows.get(3)).containsExactly(student(1), "'\tTabbed", "EXCUSED", "", "TEACHER", "lovelace", "'@SUM(A1)");
        assertThat(rows.get(4)).containsExactly(student(2), "'\rReturned", "EXCUSED", "", "TEACHER", "lovelace", "'+plus");
        assertThat(rows.get(5)).containsExactly(student(3), "'-minus", "", "", "", "", "");
    }

    @Test
    void aRangeExportHasTheSessionsOpenedOnThoseDaysInTheClassTimeZone() throws Exception {
        jdbc.sql("update school_class set time_zone = 'Pacific/Auckland' where id = ?").param(classId).update();
        // Auckland is UTC+13 in March: 2026-03-10 there runs from 2026-03-09T11:00Z to 2026-03-10T11:00Z.
        String early = insertSession(jdbc, classId, Instant.parse("2026-03-09T11:00:00Z"), "CLOSED");
        String late = insertSession(jdbc, classId, Instant.parse("2026-03-10T10:59:59Z"), "CLOSED");
        String nextDay = insertSession(jdbc, classId, Instant.parse("2026-03-10T11:00:00Z"), "OPEN");
        insertSession(jdbc, classId, Instant.parse("2026-03-09T10:59:59Z"), "CLOSED");
        String otherClass = ClassroomCalls.newClass(dataSource, "o", 1);
        insertSession(jdbc, otherClass, Instant.parse("2026-03-10T00:00:00Z"), "CLOSED");
        insertRecord(jdbc, early, student(0), "PRESENT", "SELF", Instant.parse("2026-03-09T11:01:00Z"));
        insertRecord(jdbc, early, student(3), "ABSENT", "CLOSE", null);
        correct(late, student(1), "EXCUSED", AWKWARD_REASON);
        // Left the class after the first session: still in the sessions they have a record of.
        jdbc.sql("delete from enrollment where class_id = ? and student = ?").params(classId, student(3)).update();

        HttpResponse<String> response = get(port, rangeCsv("?from=2026-03-10&to=2026-03-10"), lovelace);
        assertCsv(response, "attendance-" + classId + "-2026-03-10-to-2026-03-10.csv");
        assertThat(response.body()).startsWith(RANGE_HEADER);
        List<List<String>> rows = rows(response.body());
        assertThat(rows).hasSize(1 + 4 + 3);
        assertThat(rows.get(1)).containsExactly(early, "2026-03-09T11:00:00Z", student(0), student(0), "PRESENT",
                "2026-03-09T11:01:00Z", "SELF", "", "");
        assertThat(rows.get(2)).containsExactly(early, "2026-03-09T11:00:00Z", student(1), student(1), "", "", "", "", "");
        assertThat(rows.get(4)).containsExactly(early, "2026-03-09T11:00:00Z", student(3), student(3), "ABSENT", "",
                "CLOSE", "", "");
        assertThat(rows.get(6)).containsExactly(late, "2026-03-10T10:59:59Z", student(1), student(1), "EXCUSED", "",
                "TEACHER", "lovelace", AWKWARD_REASON);
        assertThat(rows.subList(1, rows.size())).extracting(row -> row.get(0))
                .containsExactly(early, early, early, early, late, late, late);

        HttpResponse<String> nextResponse = get(port, rangeCsv("?from=2026-03-11&to=2026-03-11"), lovelace);
        List<List<String>> next = rows(nextResponse.body());
        assertThat(next.subList(1, next.size())).extracting(row -> row.get(0)).containsExactly(nextDay, nextDay, nextDay);
        HttpResponse<String> none = get(port, rangeCsv("?from=2025-03-11&to=2025-03-11"), TestLogin.bearer(port, "admin"));
        assertThat(none.body()).as("no session: the header row only").isEqualTo(RANGE_HEADER);
    }

    @Test
    void onlyTeachersOfTheClassAndAdminsMayExport() throws Exception {
        String session = ClassroomCalls.openSession(port, classId);
        String range = rangeCsv("?from=2026-01-01&to=2026-01-31");
        for (String path : List.of(sessionCsv(session), range)) {
            assertProblem(get(port, path, TestLogin.bearer(port, "turing")), 403);
            assertProblem(get(port, path, TestLogin.bearer(port, "kiosk")), 403);
            assertProblem(get(port, path, TestLogin.bearer(port, student(0))), 403);
            assertThat(get(port, path, null).statusCode()).isEqualTo(401);
            assertThat(get(port, path, TestLogin.bearer(port, "admin")).statusCode()).isEqualTo(200);
        }
        assertProblem(get(port, "/api/classes/nosuch/attendance.csv?from=2026-01-01&to=2026-01-02", lovelace), 404);
        assertProblem(get(port, "/api/classes/nosuch/sessions/" + session + "/attendance.csv", lovelace), 404);
        assertProblem(get(port, "/api/classes/" + classId + "/sessions/nosuch/attendance.csv", lovelace), 404);
        String foreign = insertSession(jdbc, "math201", Instant.now(), "CLOSED");
        assertProblem(get(port, "/api/classes/" + classId + "/sessions/" + foreign + "/attendance.csv", lovelace), 404);
        assertProblem(get(port, "/api/classes/bad%24id/attendance.csv?from=2026-01-01&to=2026-01-02", lovelace), 400);
        assertProblem(get(port, "/api/classes/" + classId + "/sessions/bad.id/attendance.csv", lovelace), 400);
    }

    @Test
    void badQueryParametersAre400WithNothingStreamed() throws Exception {
        String session = ClassroomCalls.openSession(port, classId);
        List<String> refused = List.of("", "?from=2026-01-01", "?to=2026-01-01", "?from=2026-01-01&to=",
                "?from&to=2026-01-02", "?from=2026-01-01&to=2026-01-02&from=2026-01-01",
                "?from=2026-01-01&to=2026-01-02&to=2026-01-03", "?from=2026-01-01&to=2026-01-02&limit=5",
                "?FROM=2026-01-01&to=2026-01-02", "?from=2026-1-01&to=2026-01-02", "?from=20260101&to=20260102",
                "?from=2026-02-30&to=2026-03-01", "?from=2026-13-01&to=2026-12-31", "?from=junk&to=junk",
                "?from=2026-01-01T00:00&to=2026-01-02", "?from=%2B2026-01-01&to=2026-01-02",
                "?from=2026-01-01%00&to=2026-01-02", "?from=%D9%A2%D9%A0%D9%A2%D9%A6-01-01&to=2026-01-02",
                "?from=" + "2026-01-01".repeat(500) + "&to=2026-01-02", "?from=2026-01-05&to=2026-01-04",
                "?from=2025-01-01&to=2026-01-02", "?from=0001-01-01&to=9999-12-31");
        for (String query : refused) {
            HttpResponse<String> response = get(port, rangeCsv(query), lovelace);
            assertThat(response.statusCode()).as(query).isEqualTo(400);
            assertProblem(response, 400);
            assertThat(response.body()).as("the value is not echoed").doesNotContain("2026-01-012026");
        }
        assertProblem(Http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + rangeCsv("?from=x&to=y")))
                .header("Authorization", lovelace).header("Accept", "text/csv").GET().build()), 400);
        assertProblem(get(port, sessionCsv(session) + "?from=2026-01-01", lovelace), 400);
        assertProblem(get(port, sessionCsv(session) + "?x", lovelace), 400);
        // 366 days (a leap year) is the default maximum.
        assertThat(get(port, rangeCsv("?from=2024-01-01&to=2024-12-31"), lovelace).statusCode()).isEqualTo(200);
        assertThat(jdbc.sql("select count(*) from attendance_record r join attendance_session s on s.id = r.session_id"
                + " where s.class_id = ?").param(classId).query(Integer.class).single()).isZero();
    }

    String student(int index) {
        return classId + "_" + index;
    }

    void rename(int index, String name) {
        jdbc.sql("update app_user set display_name = ? where username = ?").params(name, student(index)).update();
    }

    String sessionCsv(String session) {
        return "/api/classes/" + classId + "/sessions/" + session + "/attendance.csv";
    }

    String rangeCsv(String query) {
        return "/api/classes/" + classId + "/attendance.csv" + query;
    }

    void correct(String session, String student, String status, String reason) {
        String body = JsonMapper.builder().build().createObjectNode().put("status", status).put("reason", reason).toString();
        HttpResponse<String> response = Http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/api/classes/" + classId + "/sessions/" + session + "/attendance/" + student))
                .header("Authorization", lovelace).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }
}
