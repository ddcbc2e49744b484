package com.attendancelive.attendance;

import static com.attendancelive.attendance.ExportCalls.assertProblem;
import static com.attendancelive.attendance.ExportCalls.get;
import static com.attendancelive.attendance.ExportCalls.rows;
import static org.assertj.core.api.Assertions.assertThat;

import com.attendancelive.support.AttendanceYear;
import com.attendancelive.support.PostgresDatabasePerClass;
import com.attendancelive.support.RunningAppTest;
import com.attendancelive.support.TestLogin;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/**
 * Range exports on PostgreSQL, where they stream: rows across many fetch batches, one export at a
 * time with {@code max-concurrent-range-exports=1}, and an export whose database connection dies
 * midway ends without the chunked terminator, so no client takes it for a whole file.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "attendance.exports.max-concurrent-range-exports=1", "attendance.exports.fetch-size=100",
        "attendance.exports.max-range=400d"})
@ActiveProfiles("test")
@DirtiesContext
class ExportStreamingPostgresTest extends RunningAppTest implements PostgresDatabasePerClass {

    @Test
    void everyRowArrivesInOrderAcrossManyFetchBatches() throws Exception {
        String classId = AttendanceYear.seed(dataSource, 50, 40, LocalDate.parse("2025-01-01"));
        String lovelace = TestLogin.bearer(port, "lovelace");
        HttpResponse<String> response = get(port, "/api/classes/" + classId
                + "/attendance.csv?from=2025-01-01&to=2026-02-04", lovelace);
        assertThat(response.statusCode()).as("400 days is within this test's max-range").isEqualTo(200);
        List<List<String>> rows = rows(response.body());
        assertThat(rows.get(0)).containsExactlyElementsOf(AttendanceExports.RANGE_COLUMNS);
        List<List<String>> data = rows.subList(1, rows.size());
        assertThat(data).hasSize(50 * 40);
        assertThat(data).extracting(row -> row.get(1)).isSorted();
        assertThat(data.stream().map(row -> row.get(0)).distinct()).hasSize(40);
        assertThat(data).filteredOn(row -> row.get(4).equals("EXCUSED")).isNotEmpty()
                .allSatisfy(row -> assertThat(row.subList(7, 9)).containsExactly("lovelace", "Doctor's note, \"flu\""));
        assertThat(data).filteredOn(row -> row.get(4).equals("PRESENT")).isNotEmpty()
                .allSatisfy(row -> assertThat(row.subList(6, 9)).containsExactly("SELF", "", ""));
        assertProblem(get(port, "/api/classes/" + classId + "/attendance.csv?from=2025-01-01&to=2026-02-05", lovelace), 400);
    }

    @Test
    void oneRangeExportAtATimeAndOneCutOffByTheDatabaseEndsBroken() throws Exception {
        String classId = AttendanceYear.seed(dataSource, 500, 200, LocalDate.parse("2025-01-01"));
        String lovelace = TestLogin.bearer(port, "lovelace");
        String year = "/api/classes/" + classId + "/attendance.csv?from=2025-01-01&to=2025-12-31";
        try (Socket slowReader = new Socket()) {
            // A client that reads the first bytes and stops: the export waits on the full socket.
            slowReader.setReceiveBufferSize(4096);
            slowReader.setSoTimeout(60_000);
            slowReader.connect(new InetSocketAddress("localhost", port));
            send(slowReader.getOutputStream(), year, lovelace);
            InputStream in = slowReader.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            while (!received.toString(StandardCharsets.ISO_8859_1).contains("student_id")) {
                received.write(in.read());
            }
            String head = received.toString(StandardCharsets.ISO_8859_1);
            assertThat(head).startsWith("HTTP/1.1 200").containsIgnoringCase("Transfer-Encoding: chunked");

            HttpResponse<String> busy = get(port, year, lovelace);
            assertProblem(busy, 503);
            assertThat(busy.headers().firstValue("Retry-After")).hasValue("5");
            String session = jdbc.sql("select id from attendance_session where class_id = ? order by opens_at limit 1")
                    .param(classId).query(String.class).single();
            assertThat(get(port, "/api/classes/" + classId + "/sessions/" + session + "/attendance.csv", lovelace)
                    .statusCode()).as("session exports are not limited").isEqualTo(200);

            List<Boolean> terminated = jdbc.sql("""
                    select pg_terminate_backend(pid) from pg_stat_activity
                    where datname = current_database() and pid <> pg_backend_pid() and query like '%attendance_record rr%'""")
                    .query(Boolean.class).list();
            assertThat(terminated).as("the streaming export's backend, mid-query").containsExactly(true);

            in.transferTo(received);
            String all = received.toString(StandardCharsets.UTF_8);
            assertThat(all).as("no chunked terminator: the client sees a broken response").doesNotEndWith("\r\n0\r\n\r\n");
            assertThat(all.split("\r\n", -1).length).isLessThan(100_000);
        }

        HttpResponse<String> whole = get(port, year, lovelace);
        assertThat(whole.statusCode()).as("the slot is free again").isEqualTo(200);
        assertThat(rows(whole.body())).hasSize(1 + 500 * 200);
        // The same raw client, reading to the end, does see the terminator of a finished export.
        try (Socket reader = new Socket("localhost", port)) {
            reader.setSoTimeout(60_000);
            send(reader.getOutputStream(), "/api/classes/" + classId + "/attendance.csv?from=2025-01-01&to=2025-01-31",
                    lovelace);
            String all = new String(reader.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(all).startsWith("HTTP/1.1 200").endsWith("\r\n0\r\n\r\n");
        }
    }

    private static void send(OutputStream out, String path, String bearer) throws Exception {
        out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + bearer
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }
}
