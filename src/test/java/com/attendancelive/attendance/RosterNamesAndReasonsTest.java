package com.attendancelive.attendance;

import static org.assertj.core.api.Assertions.assertThat;

import com.attendancelive.support.ClassroomCalls;
import com.attendancelive.support.Http;
import com.attendancelive.support.RunningAppTest;
import com.attendancelive.support.TestLogin;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The roster's {@code name} and {@code reason} (contract version 2, "Roster"), over real HTTP. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class RosterNamesAndReasonsTest extends RunningAppTest {

    static final String AWKWARD_NAME = "Zoë, \"Z\"\nO'Brien";

    final JsonMapper json = JsonMapper.builder().build();

    String classId;
    String lovelace;

    @BeforeEach
    void newClass() throws Exception {
        classId = ClassroomCalls.newClass(dataSource, "r", 3);
        jdbc.sql("update app_user set display_name = ? where username = ?").params(AWKWARD_NAME, classId + "_0").update();
        jdbc.sql("update app_user set display_name = ? where username = ?").params("Bob Builder", classId + "_2").update();
        lovelace = TestLogin.bearer(port, "lovelace");
    }

    @Test
    void eachStudentCarriesTheDisplayNameAndTheReasonOfTheLastTeacherChange() throws Exception {
        String session = ClassroomCalls.openSession(port, classId);
        assertThat(ClassroomCalls.checkIn(port, classId, session, classId + "_1", TestLogin.bearer(port, "kiosk"))
                .statusCode()).isEqualTo(201);
        assertThat(correct(session, classId + "_0", "EXCUSED", "Doctor's note, \"flu\"\nsee file").statusCode())
                .isEqualTo(200);

        Map<String, JsonNode> students = roster(session);
        assertThat(students.keySet()).containsExactly(classId + "_0", classId + "_1", classId + "_2");
        JsonNode excused = students.get(classId + "_0");
        assertThat(excused.get("name").asString()).isEqualTo(AWKWARD_NAME);
        assertThat(excused.get("status").asString()).isEqualTo("EXCUSED");
        assertThat(excused.get("reason").asString()).isEqualTo("Doctor's note, \"flu\"\nsee file");
        JsonNode checkedIn = students.get(classId + "_1");
        assertThat(checkedIn.get("name").asString()).isEqualTo(classId + "_1");
        assertThat(checkedIn.get("status").asString()).isEqualTo("PRESENT");
        assertThat(checkedIn.get("reason").isNull()).as("a check-in has no reason").isTrue();
        JsonNode noRecord = students.get(classId + "_2");
        assertThat(noRecord.get("name").asString()).isEqualTo("Bob Builder");
        assertThat(noRecord.get("status").isNull()).isTrue();
        assertThat(noRecord.get("reason").isNull()).isTrue();

        HttpResponse<String> closed = Http.send(request("/sessions/" + session + "/close", lovelace)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(closed.statusCode()).as(closed.body()).isEqualTo(200);
        assertThat(correct(session, classId + "_1", "LATE", "  bus strike  ").statusCode()).isEqualTo(200);
        assertThat(correct(session, classId + "_0", "PRESENT", "came after all").statusCode()).isEqualTo(200);

        students = roster(session);
        assertThat(students.get(classId + "_2").get("status").asString()).isEqualTo("ABSENT");
        assertThat(students.get(classId + "_2").get("reason").isNull()).as("closing is no teacher change").isTrue();
        assertThat(students.get(classId + "_1").get("reason").asString()).isEqualTo("bus strike");
        assertThat(students.get(classId + "_0").get("reason").asString()).as("the last change's reason")
                .isEqualTo("came after all");
    }

    @Test
    void aStudentWithARecordWhoLeftTheClassKeepsTheirName() throws Exception {
        String session = ClassroomCalls.openSession(port, classId);
        assertThat(correct(session, classId + "_2", "EXCUSED", "trip").statusCode()).isEqualTo(200);
        jdbc.sql("delete from enrollment where class_id = ? and student = ?").params(classId, classId + "_2").update();

        Map<String, JsonNode> students = roster(session);
        assertThat(students.keySet()).containsExactly(classId + "_0", classId + "_1", classId + "_2");
        assertThat(students.get(classId + "_2").get("name").asString()).isEqualTo("Bob Builder");
        assertThat(students.get(classId + "_2").get("reason").asString()).isEqualTo("trip");
    }

    Map<String, JsonNode> roster(String session) {
        HttpResponse<String> response = Http.send(request("/sessions/" + session + "/attendance", lovelace).GET().build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Map<String, JsonNode> students = new LinkedHashMap<>();
        json.readTree(response.body()).get("students").forEach(s -> students.put(s.get("studentId").asString(), s));
        return students;
    }

    HttpResponse<String> correct(String session, String student, String status, String reason) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("status", status).put("reason", reason);
        HttpResponse<String> response = Http.send(request("/sessions/" + session + "/attendance/" + student, lovelace)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build());
        assertThat(response.statusCode()).as(response.body()).isLessThan(300);
        return response;
    }

    HttpRequest.Builder request(String pathInClass, String bearer) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/classes/" + classId + pathInClass))
                .header("Authorization", bearer);
    }
}
