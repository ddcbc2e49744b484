package com.attendancelive.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import javax.sql.DataSource;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the delivery tests do to set up and drive a class: seed it in the (shared) database, call
 * one instance over REST, and read seqs from events.
 */
public final class ClassroomCalls {

    private static final Pattern SEQ = Pattern.compile("\"seq\"\\s*:\\s*(\\d+)");
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

    private ClassroomCalls() {
    }

    /**
     * A class taught by lovelace with {@code students} students ({@code <class>_0 ...}), written
     * straight into the shared database. The students get the demo password, so they can sign in.
     */
    public static String newClass(PostgresTestDatabase database, String idPrefix, int students) throws SQLException {
        try (Connection connection = DriverManager.getConnection(database.url(), database.username(), "")) {
            return newClass(connection, idPrefix, students);
        }
    }

    /** The same in an instance's own database. */
    public static String newClass(DataSource database, String idPrefix, int students) throws SQLException {
        try (Connection connection = database.getConnection()) {
            return newClass(connection, idPrefix, students);
        }
    }

    private static String newClass(Connection connection, String idPrefix, int students) throws SQLException {
        String id = idPrefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        {
            execute(connection, "insert into school_class (id, name, time_zone) values (?, ?, 'UTC')", id, "Class " + id);
            execute(connection, "insert into teaching_assignment (class_id, teacher) values (?, 'lovelace')", id);
            for (int i = 0; i < students; i++) {
                String student = id + "_" + i;
                execute(connection, "insert into app_user (username, password_hash, role, display_name) "
                        + "select ?, password_hash, 'STUDENT', ? from app_user where username = 'alice'", student, student);
                execute(connection, "insert into enrollment (class_id, student) values (?, ?)", id, student);
            }
        }
        return id;
    }

    private static void execute(Connection connection, String sql, String... params) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setString(i + 1, params[i]);
            }
            assertThat(statement.executeUpdate()).as(sql).isEqualTo(1);
        }
    }

    /** Opens a session of the class as its teacher, lovelace; returns the session id. */
    public static String openSession(int port, String classId) {
        HttpResponse<String> response = Http.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/classes/" + classId + "/sessions"))
                .header("Authorization", TestLogin.bearer(port, "lovelace"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        Matcher id = ID.matcher(response.body());
        assertThat(id.find()).as(response.body()).isTrue();
        return id.group(1);
    }

    /** A check-in of the student by id, as a service or teacher does it. */
    public static HttpResponse<String> checkIn(int port, String classId, String session, String student, String bearer) {
        return Http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/classes/" + classId
                        + "/sessions/" + session + "/check-ins"))
                .header("Authorization", bearer)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"studentId\":\"" + student + "\"}")).build());
    }

    /** The class's events after {@code afterSeq} from the catch-up endpoint, each reduced to its seq. */
    public static List<String> events(int port, String classId, long afterSeq) {
        HttpResponse<String> response = Http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/api/classes/" + classId + "/events?afterSeq=" + afterSeq))
                .header("Authorization", TestLogin.bearer(port, "lovelace")).GET().build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<String> events = new ArrayList<>();
        Matcher seq = SEQ.matcher(response.body());
        while (seq.find()) {
            events.add("{\"seq\":" + seq.group(1) + "}");
        }
        return events;
    }

    public static List<Long> seqs(List<String> events) {
        return events.stream().map(event -> {
            Matcher seq = SEQ.matcher(event);
            assertThat(seq.find()).as(event).isTrue();
            return Long.parseLong(seq.group(1));
        }).toList();
    }
}
