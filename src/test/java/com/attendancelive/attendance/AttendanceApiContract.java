package com.attendancelive.attendance;

import static com.attendancelive.attendance.AttendanceTestSupport.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.attendancelive.attendance.AttendanceTestSupport.TestClass;
import com.attendancelive.support.MutableClock;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import com.attendancelive.support.Http;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every REST row of the contract and every error it names, run against H2 and PostgreSQL by the
 * subclasses. Each test works in a class of its own, so seq starts at 1.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(AttendanceTestSupport.TestClock.class)
abstract class AttendanceApiContract {

    static final RequestPostProcessor LOVELACE = as("lovelace", "TEACHER");
    static final RequestPostProcessor TURING = as("turing", "TEACHER");
    static final RequestPostProcessor ADMIN = as("admin", "ADMIN");
    static final RequestPostProcessor KIOSK = as("kiosk", "SERVICE");

    final JsonMapper json = JsonMapper.builder().build();

    @Autowired
    WebApplicationContext context;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    @LocalServerPort
    int port;

    MockMvc mvc;
    TestClass cls;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
        cls = AttendanceTestSupport.newClass(jdbc);
    }

    // --- GET /api/classes --------------------------------------------------------------------------

    @Test
    void classesAreThoseTheCallerTeachesAttendsOrAllForAdmin() throws Exception {
        List<String> lovelace = ids(body(mvc.perform(get("/api/classes").with(LOVELACE)).andExpect(status().isOk())));
        assertThat(lovelace).contains("cs101", cls.id()).doesNotContain("math201");
        assertThat(ids(body(mvc.perform(get("/api/classes").with(as("carol", "STUDENT"))))))
                .containsExactly("math201");
        assertThat(ids(body(mvc.perform(get("/api/classes").with(as(cls.a(), "STUDENT"))))))
                .containsExactly(cls.id());
        assertThat(ids(body(mvc.perform(get("/api/classes").with(ADMIN))))).contains("cs101", "math201", cls.id());
    }

    @Test
    void classesCarryTheirOpenSessionId() throws Exception {
        assertThat(classOf(LOVELACE, cls.id()).get("openSessionId").isNull()).isTrue();
        String session = openSession();
        assertThat(classOf(LOVELACE, cls.id()).get("openSessionId").asString()).isEqualTo(session);
        close(session);
        assertThat(classOf(LOVELACE, cls.id()).get("openSessionId").isNull()).isTrue();
    }

    // --- POST sessions -----------------------------------------------------------------------------

    @Test
    void aTeacherOpensASessionWithItsCode() throws Exception {
        JsonNode session = body(mvc.perform(post(sessions()).with(LOVELACE).contentType(MediaType.APPLICATION_JSON)
                .content("{\"lateAfterMinutes\": 5, \"durationMinutes\": 45}")).andExpect(status().isCreated()));
        assertThat(session.get("id").asString()).matches("[A-Za-z0-9_-]{1,64}");
        assertThat(session.get("status").asString()).isEqualTo("OPEN");
        assertThat(session.get("code").asString()).matches("\\d{6}");
        Instant opens = Instant.parse(session.get("opensAt").asString());
        assertThat(Instant.parse(session.get("lateAfter").asString())).isEqualTo(opens.plus(Duration.ofMinutes(5)));
        assertThat(Instant.parse(session.get("closesAt").asString())).isEqualTo(opens.plus(Duration.ofMinutes(45)));

        JsonNode opened = events(0).get(0);
        assertThat(opened.get("type").asString()).isEqualTo("SESSION_OPENED");
        assertThat(opened.get("classId").asString()).isEqualTo(cls.id());
        assertThat(opened.get("seq").asLong()).isEqualTo(1);
        assertThat(opened.get("sessionId").asString()).isEqualTo(session.get("id").asString());
        assertThat(opened.get("opensAt").asString()).isEqualTo(session.get("opensAt").asString());
        assertThat(opened.get("lateAfter").asString()).isEqualTo(session.get("lateAfter").asString());
        assertThat(opened.get("closesAt").asString()).isEqualTo(session.get("closesAt").asString());
        assertThat(opened.get("occurredAt").asString()).endsWith("Z");
    }

    @Test
    void anAdminOpensWithoutABodyAndGetsTheDefaults() throws Exception {
        JsonNode session = body(mvc.perform(post(sessions()).with(ADMIN)).andExpect(status().isCreated()));
        Instant opens = Instant.parse(session.get("opensAt").asString());
        assertThat(Instant.parse(session.get("lateAfter").asString())).isEqualTo(opens.plus(Duration.ofMinutes(10)));
        assertThat(Instant.parse(session.get("closesAt").asString())).isEqualTo(opens.plus(Duration.ofMinutes(90)));
    }

    @Test
    void onlyTeachersOfTheClassAndAdminsOpenSessions() throws Exception {
        expectProblem(mvc.perform(post(sessions()).with(TURING)), 403);
        expectProblem(mvc.perform(post(sessions()).with(as(cls.a(), "STUDENT"))), 403);
        expectProblem(mvc.perform(post(sessions()).with(KIOSK)), 403);
        assertThat(events(0)).isEmpty();
    }

    @Test
    void openingInAnUnknownClassIs404AndABadIdIs400() throws Exception {
        expectProblem(mvc.perform(post("/api/classes/nope/sessions").with(ADMIN)), 404);
        expectProblem(mvc.perform(post("/api/classes/bad.id/sessions").with(ADMIN)), 400);
        expectProblem(mvc.perform(post("/api/classes/" + "x".repeat(65) + "/sessions").with(ADMIN)), 400);
    }

    @Test
    void malformedOrWronglyTypedBodiesAre400AndChangeNothing() throws Exception {
        for (String bad : List.of("{", "{\"lateAfterMinutes\": \"ten\"}", "{\"lateAfterMinutes\": \"10\"}", "{\"durationMinutes\": true}", "{\"durationMinutes\": 1.5}",
                "{\"lateAfterMinutes\": 5, \"colour\": \"red\"}", "[]", "{\"durationMinutes\": 0}",
                "{\"lateAfterMinutes\": 100, \"durationMinutes\": 90}", "{\"lateAfterMinutes\": -1}")) {
            expectProblem(mvc.perform(post(sessions()).with(LOVELACE).contentType(MediaType.APPLICATION_JSON).content(bad)), 400);
        }
        assertThat(events(0)).isEmpty();
        assertThat(classOf(LOVELACE, cls.id()).get("openSessionId").isNull()).isTrue();
    }

    @Test
    void aSecondOpenSessionIs409() throws Exception {
        openSession();
        expectProblem(mvc.perform(post(sessions()).with(LOVELACE)), 409);
        assertThat(events(0)).hasSize(1);
    }

    // --- GET code ----------------------------------------------------------------------------------

    @Test
    void theCodeRotatesAndTheTeacherSeesTheCurrentOne() throws Exception {
        String session = openSession();
        JsonNode code = body(mvc.perform(get(sessionPath(session) + "/code").with(LOVELACE)).andExpect(status().isOk()));
        assertThat(code.get("code").asString()).matches("\\d{6}");
        Instant rotatesAt = Instant.parse(code.get("rotatesAt").asString());
        assertThat(rotatesAt).isAfter(clock.instant()).isBeforeOrEqualTo(clock.instant().plusSeconds(30));
        assertThat(code.get("stepSeconds").asLong()).isEqualTo(30);

        clock.set(rotatesAt);
        JsonNode next = body(mvc.perform(get(sessionPath(session) + "/code").with(ADMIN)).andExpect(status().isOk()));
        assertThat(next.get("code").asString()).isNotEqualTo(code.get("code").asString());
        assertThat(Instant.parse(next.get("rotatesAt").asString())).isEqualTo(rotatesAt.plusSeconds(30));

        expectProblem(mvc.perform(get(sessionPath(session) + "/code").with(as(cls.a(), "STUDENT"))), 403);
        expectProblem(mvc.perform(get(sessionPath(session) + "/code").with(TURING)), 403);
        expectProblem(mvc.perform(get(sessionPath("nosuchsession") + "/code").with(LOVELACE)), 404);
        expectProblem(mvc.perform(get(sessionPath("no$uch") + "/code").with(LOVELACE)), 400);
    }

    // --- POST check-ins ----------------------------------------------------------------------------

    @Test
    void aStudentChecksInWithTheCodeOnceAndARepeatIs200WithTheSameRecord() throws Exception {
        String session = openSession();
        String code = currentCode(session);
        JsonNode first = body(checkIn(session, as(cls.a(), "STUDENT"), "{\"code\": \"" + code + "\"}")
                .andExpect(status().isCreated()));
        assertThat(first.get("studentId").asString()).isEqualTo(cls.a());
        assertThat(first.get("status").asString()).isEqualTo("PRESENT");
        assertThat(first.get("source").asString()).isEqualTo("SELF");

        JsonNode again = body(checkIn(session, as(cls.a(), "STUDENT"), "{\"code\": \"" + code + "\"}")
                .andExpect(status().isOk()));
        assertThat(again).isEqualTo(first);

        List<JsonNode> events = events(0);
        assertThat(events).extracting(e -> e.get("type").asString()).containsExactly("SESSION_OPENED", "CHECKED_IN");
        JsonNode checkedIn = events.get(1);
        assertThat(checkedIn.get("seq").asLong()).isEqualTo(2);
        assertThat(checkedIn.get("sessionId").asString()).isEqualTo(session);
        assertThat(checkedIn.get("studentId").asString()).isEqualTo(cls.a());
        assertThat(checkedIn.get("status").asString()).isEqualTo("PRESENT");
        assertThat(checkedIn.get("source").asString()).isEqualTo("SELF");
    }

    @Test
    void lateIsDecidedByTheServerAgainstLateAfter() throws Exception {
        String session = body(mvc.perform(post(sessions()).with(LOVELACE).contentType(MediaType.APPLICATION_JSON)
                .content("{\"lateAfterMinutes\": 1}"))).get("id").asString();
        clock.advance(Duration.ofSeconds(61));
        JsonNode record = body(checkIn(session, as(cls.a(), "STUDENT"), codeBody(session)).andExpect(status().isCreated()));
        assertThat(record.get("status").asString()).isEqualTo("LATE");
        assertThat(events(1).get(0).get("status").asString()).isEqualTo("LATE");
    }

    @Test
    void thePreviousCodeWorksWithinTheGraceAndNotAfter() throws Exception {
        String session = openSession();
        JsonNode code = body(mvc.perform(get(sessionPath(session) + "/code").with(LOVELACE)));
        Instant rotatesAt = Instant.parse(code.get("rotatesAt").asString());
        String old = "{\"code\": \"" + code.get("code").asString() + "\"}";

        clock.set(rotatesAt.plusSeconds(10));
        checkIn(session, as(cls.a(), "STUDENT"), old).andExpect(status().isCreated());

        clock.set(rotatesAt.plusSeconds(16));
        expectProblem(checkIn(session, as(cls.b(), "STUDENT"), old), 422);
        assertThat(events(0)).hasSize(2);
    }

    @Test
    void aWrongCodeIs422AndChangesNothing() throws Exception {
        String session = openSession();
        String wrong = currentCode(session).equals("000000") ? "111111" : "000000";
        expectProblem(checkIn(session, as(cls.a(), "STUDENT"), "{\"code\": \"" + wrong + "\"}"), 422);
        expectProblem(checkIn(session, as(cls.a(), "STUDENT"), "{\"code\": \"12\"}"), 422);
        assertThat(events(0)).hasSize(1);
        assertThat(roster(session).get("students").get(0).get("status").isNull()).isTrue();
    }

    @Test
    void repeatedWrongCodesAreLimitedWith429() throws Exception {
        String session = openSession();
        String right = currentCode(session);
        String wrong = right.equals("000000") ? "111111" : "000000";
        for (int i = 0; i < 5; i++) {
            expectProblem(checkIn(session, as(cls.a(), "STUDENT"), "{\"code\": \"" + wrong + "\"}"), 422);
        }
        expectProblem(checkIn(session, as(cls.a(), "STUDENT"), "{\"code\": \"" + right + "\"}"), 429)
                .andExpect(header().exists("Retry-After"));
        assertThat(events(0)).hasSize(1);
        // Other students are not affected.
        checkIn(session, as(cls.b(), "STUDENT"), "{\"code\": \"" + right + "\"}").andExpect(status().isCreated());
        // After the window the student may try again.
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        checkIn(session, as(cls.a(), "STUDENT"), codeBody(session)).andExpect(status().isCreated());
    }

    @Test
    void studentsCheckInOnlyThemselvesAndOnlyInTheirClasses() throws Exception {
        String session = openSession();
        expectProblem(checkIn(session, as(cls.a(), "STUDENT"),
                "{\"code\": \"" + currentCode(session) + "\", \"studentId\": \"" + cls.b() + "\"}"), 403);
        expectProblem(checkIn(session, as("carol", "STUDENT"), codeBody(session)), 403);
        expectProblem(checkIn(session, as(cls.a(), "STUDENT"), "{}"), 400);
        assertThat(events(0)).hasSize(1);
    }

    @Test
    void servicesTeachersAndAdminsCheckStudentsInByName() throws Exception {
        String session = openSession();
        JsonNode kiosk = body(checkIn(session, KIOSK, "{\"studentId\": \"" + cls.a() + "\"}").andExpect(status().isCreated()));
        assertThat(kiosk.get("source").asString()).isEqualTo("SERVICE");
        checkIn(session, KIOSK, "{\"studentId\": \"" + cls.a() + "\"}").andExpect(status().isOk());
        JsonNode teacher = body(checkIn(session, LOVELACE, "{\"studentId\": \"" + cls.b() + "\"}").andExpect(status().isCreated()));
        assertThat(teacher.get("source").asString()).isEqualTo("TEACHER");
        checkIn(session, ADMIN, "{\"studentId\": \"" + cls.c() + "\"}").andExpect(status().isCreated());

        expectProblem(checkIn(session, TURING, "{\"studentId\": \"" + cls.a() + "\"}"), 403);
        expectProblem(checkIn(session, KIOSK, "{\"studentId\": \"carol\"}"), 422);
        expectProblem(checkIn(session, KIOSK, "{\"studentId\": \"bad id\"}"), 400);
        expectProblem(checkIn(session, KIOSK, "{}"), 400);
        expectProblem(checkIn(session, KIOSK, "{\"studentId\": 42"), 400);
        assertThat(events(0)).extracting(e -> e.get("source") == null ? null : e.get("source").asString())
                .containsExactly(null, "SERVICE", "TEACHER", "TEACHER");
    }

    @Test
    void checkInsInUnknownSessionsAre404() throws Exception {
        openSession();
        expectProblem(checkIn("nosuchsession", KIOSK, "{\"studentId\": \"" + cls.a() + "\"}"), 404);
        expectProblem(mvc.perform(post("/api/classes/nosuchclass/sessions/x/check-ins").with(KIOSK)
                .contentType(MediaType.APPLICATION_JSON).content("{\"studentId\": \"alice\"}")), 404);
    }

    // --- close -------------------------------------------------------------------------------------

    @Test
    void closingMarksExactlyTheMissingStudentsAbsentInOneEvent() throws Exception {
        String session = openSession();
        checkIn(session, as(cls.b(), "STUDENT"), codeBody(session)).andExpect(status().isCreated());
        JsonNode closed = body(mvc.perform(post(sessionPath(session) + "/close").with(LOVELACE)).andExpect(status().isOk()));
        assertThat(closed.get("status").asString()).isEqualTo("CLOSED");
        assertThat(texts(closed.get("absent"))).containsExactly(cls.a(), cls.c());

        List<JsonNode> events = events(0);
        assertThat(events).extracting(e -> e.get("type").asString())
                .containsExactly("SESSION_OPENED", "CHECKED_IN", "SESSION_CLOSED");
        assertThat(events.get(2).get("sessionId").asString()).isEqualTo(session);
        assertThat(texts(events.get(2).get("absent"))).containsExactly(cls.a(), cls.c());

        JsonNode roster = roster(session);
        assertThat(roster.get("seq").asLong()).isEqualTo(3);
        assertThat(statuses(roster)).containsExactly(cls.a() + "=ABSENT", cls.b() + "=PRESENT", cls.c() + "=ABSENT");
    }

    @Test
    void afterCloseCheckInsAre409AndASecondCloseToo() throws Exception {
        String session = openSession();
        String code = currentCode(session);
        close(session);
        expectProblem(checkIn(session, as(cls.a(), "STUDENT"), "{\"code\": \"" + code + "\"}"), 409);
        expectProblem(checkIn(session, KIOSK, "{\"studentId\": \"" + cls.b() + "\"}"), 409);
        expectProblem(mvc.perform(post(sessionPath(session) + "/close").with(LOVELACE)), 409);
        expectProblem(mvc.perform(get(sessionPath(session) + "/code").with(LOVELACE)), 409);
        expectProblem(mvc.perform(post(sessionPath(session) + "/close").with(as(cls.a(), "STUDENT"))), 403);
        assertThat(events(0)).hasSize(2);
    }

    @Test
    void aCheckInAfterClosesAtIs409() throws Exception {
        String session = body(mvc.perform(post(sessions()).with(LOVELACE).contentType(MediaType.APPLICATION_JSON)
                .content("{\"lateAfterMinutes\": 0, \"durationMinutes\": 1}"))).get("id").asString();
        clock.advance(Duration.ofSeconds(60));
        expectProblem(checkIn(session, KIOSK, "{\"studentId\": \"" + cls.a() + "\"}"), 409);
    }

    // --- corrections -------------------------------------------------------------------------------

    @Test
    void aCorrectionIsAuditedPublishedAndVersioned() throws Exception {
        String session = openSession();
        checkIn(session, KIOSK, "{\"studentId\": \"" + cls.a() + "\"}").andExpect(status().isCreated());
        MvcResult result = correct(session, cls.a(), LOVELACE, "{\"status\": \"EXCUSED\", \"reason\": \"doctor's note\"}", null)
                .andExpect(status().isOk()).andExpect(header().string("ETag", "\"2\"")).andReturn();
        JsonNode record = json.readTree(result.getResponse().getContentAsString());
        assertThat(record.get("status").asString()).isEqualTo("EXCUSED");
        assertThat(record.get("version").asLong()).isEqualTo(2);

        JsonNode changed = events(2).get(0);
        assertThat(changed.get("type").asString()).isEqualTo("STATUS_CHANGED");
        assertThat(changed.get("seq").asLong()).isEqualTo(3);
        assertThat(changed.get("studentId").asString()).isEqualTo(cls.a());
        assertThat(changed.get("status").asString()).isEqualTo("EXCUSED");
        assertThat(changed.get("previousStatus").asString()).isEqualTo("PRESENT");
        assertThat(changed.get("changedBy").asString()).isEqualTo("lovelace");
        assertThat(changed.get("reason").asString()).isEqualTo("doctor's note");

        var audit = jdbc.sql("""
                select changed_by, old_status, new_status, reason, changed_at from attendance_audit
                where session_id = ? and student_id = ? and reason = ?""")
                .params(session, cls.a(), "doctor's note").query().listOfRows();
        assertThat(audit).hasSize(1);
        assertThat(audit.get(0)).containsEntry("CHANGED_BY", "lovelace").containsEntry("OLD_STATUS", "PRESENT")
                .containsEntry("NEW_STATUS", "EXCUSED");
        assertThat(audit.get(0).get("CHANGED_AT")).isNotNull();
    }

    @Test
    void aStaleIfMatchIs412AndChangesNothing() throws Exception {
        String session = openSession();
        checkIn(session, KIOSK, "{\"studentId\": \"" + cls.a() + "\"}").andExpect(status().isCreated());
        // Two teachers read version 1; the first write wins, the second is refused.
        correct(session, cls.a(), LOVELACE, "{\"status\": \"LATE\", \"reason\": \"came late\"}", "\"1\"")
                .andExpect(status().isOk()).andExpect(header().string("ETag", "\"2\""));
        expectProblem(correct(session, cls.a(), ADMIN, "{\"status\": \"ABSENT\", \"reason\": \"left\"}", "\"1\""), 412);
        assertThat(events(0)).hasSize(3);
        JsonNode record = body(mvc.perform(get(sessionPath(session) + "/attendance/" + cls.a()).with(LOVELACE))
                .andExpect(header().string("ETag", "\"2\"")));
        assertThat(record.get("status").asString()).isEqualTo("LATE");
        correct(session, cls.a(), ADMIN, "{\"status\": \"ABSENT\", \"reason\": \"left\"}", "W/\"2\"").andExpect(status().isOk());
    }

    @Test
    void aCorrectionCanMarkAStudentWithoutRecordAndAfterClose() throws Exception {
        String session = openSession();
        JsonNode excused = body(correct(session, cls.c(), LOVELACE, "{\"status\": \"EXCUSED\", \"reason\": \"trip\"}", null)
                .andExpect(status().isOk()));
        assertThat(excused.get("version").asLong()).isEqualTo(1);
        assertThat(events(1).get(0).get("previousStatus").isNull()).isTrue();
        JsonNode closed = body(mvc.perform(post(sessionPath(session) + "/close").with(LOVELACE)));
        assertThat(texts(closed.get("absent"))).containsExactly(cls.a(), cls.b());
        correct(session, cls.a(), LOVELACE, "{\"status\": \"EXCUSED\", \"reason\": \"late note\"}", "\"1\"")
                .andExpect(status().isOk());
    }

    @Test
    void badCorrectionsAreRefusedAndChangeNothing() throws Exception {
        String session = openSession();
        expectProblem(correct(session, cls.a(), LOVELACE, "{\"status\": \"ON_MARS\", \"reason\": \"x\"}", null), 400);
        expectProblem(correct(session, cls.a(), LOVELACE, "{\"status\": \"EXCUSED\"}", null), 400);
        expectProblem(correct(session, cls.a(), LOVELACE, "{\"status\": 3, \"reason\": \"x\"}", null), 400);
        expectProblem(correct(session, cls.a(), LOVELACE, "not json", null), 400);
        expectProblem(correct(session, cls.a(), TURING, "{\"status\": \"EXCUSED\", \"reason\": \"x\"}", null), 403);
        expectProblem(correct(session, cls.a(), as(cls.a(), "STUDENT"), "{\"status\": \"EXCUSED\", \"reason\": \"x\"}", null), 403);
        expectProblem(correct(session, "carol", LOVELACE, "{\"status\": \"EXCUSED\", \"reason\": \"x\"}", null), 404);
        expectProblem(correct("nosuch", cls.a(), LOVELACE, "{\"status\": \"EXCUSED\", \"reason\": \"x\"}", null), 404);
        expectProblem(correct(session, cls.a(), LOVELACE, "{\"status\": \"EXCUSED\", \"reason\": \"x\"}", "\"7\""), 412);
        assertThat(events(0)).hasSize(1);
        assertThat(jdbc.sql("select count(*) from attendance_audit where session_id = ?").param(session)
                .query(Integer.class).single()).isZero();
    }

    // --- roster, events, me ------------------------------------------------------------------------

    @Test
    void theRosterListsEveryStudentWithTheSeqItReflects() throws Exception {
        String session = openSession();
        checkIn(session, KIOSK, "{\"studentId\": \"" + cls.b() + "\"}");
        JsonNode roster = roster(session);
        assertThat(roster.get("seq").asLong()).isEqualTo(2);
        assertThat(roster.get("sessionStatus").asString()).isEqualTo("OPEN");
        assertThat(statuses(roster)).containsExactly(cls.a() + "=null", cls.b() + "=PRESENT", cls.c() + "=null");
        mvc.perform(get(sessionPath(session) + "/attendance").with(ADMIN)).andExpect(status().isOk());
        expectProblem(mvc.perform(get(sessionPath(session) + "/attendance").with(TURING)), 403);
        expectProblem(mvc.perform(get(sessionPath(session) + "/attendance").with(as(cls.a(), "STUDENT"))), 403);
        expectProblem(mvc.perform(get(sessionPath("nosuch") + "/attendance").with(LOVELACE)), 404);
    }

    @Test
    void eventsReplayAfterASeqInOrder() throws Exception {
        String session = openSession();
        for (String student : cls.students()) {
            checkIn(session, KIOSK, "{\"studentId\": \"" + student + "\"}");
        }
        close(session);
        assertThat(events(0)).extracting(e -> e.get("seq").asLong()).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(events(3)).extracting(e -> e.get("seq").asLong()).containsExactly(4L, 5L);
        assertThat(events(5)).isEmpty();
        assertThat(body(mvc.perform(get(eventsPath() + "?afterSeq=1&limit=2").with(ADMIN))))
                .extracting(e -> e.get("seq").asLong()).containsExactly(2L, 3L);
        expectProblem(mvc.perform(get(eventsPath() + "?afterSeq=-1").with(LOVELACE)), 400);
        expectProblem(mvc.perform(get(eventsPath() + "?afterSeq=abc").with(LOVELACE)), 400);
        expectProblem(mvc.perform(get(eventsPath()).with(as(cls.a(), "STUDENT"))), 403);
        expectProblem(mvc.perform(get(eventsPath()).with(TURING)), 403);
        expectProblem(mvc.perform(get("/api/classes/nosuch/events").with(ADMIN)), 404);
    }

    @Test
    void meListsTheCallersOwnRecords() throws Exception {
        String session = openSession();
        checkIn(session, as(cls.a(), "STUDENT"), codeBody(session)).andExpect(status().isCreated());
        close(session);
        JsonNode mine = body(mvc.perform(get("/api/me/attendance").with(as(cls.a(), "STUDENT"))).andExpect(status().isOk()));
        assertThat(mine).hasSize(1);
        assertThat(mine.get(0).get("classId").asString()).isEqualTo(cls.id());
        assertThat(mine.get(0).get("sessionId").asString()).isEqualTo(session);
        assertThat(mine.get(0).get("status").asString()).isEqualTo("PRESENT");
        JsonNode absent = body(mvc.perform(get("/api/me/attendance").with(as(cls.b(), "STUDENT"))));
        assertThat(absent.get(0).get("status").asString()).isEqualTo("ABSENT");
        assertThat(body(mvc.perform(get("/api/me/attendance").with(LOVELACE)))).isEmpty();
    }

    // --- transport limits --------------------------------------------------------------------------

    @Test
    void bodiesOver16KiBAre413() throws Exception {
        String session = openSession();
        String big = "{\"code\": \"" + "1".repeat(17 * 1024) + "\"}";
        HttpResponse<String> response = Http.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + sessionPath(session) + "/check-ins"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(big)).build());
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"status\":413");
        // Chunked, without a Content-Length.
        HttpResponse<String> chunked = Http.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + sessionPath(session) + "/check-ins"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big.getBytes())))
                .build());
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(events(0)).hasSize(1);
    }

    // --- concurrency -------------------------------------------------------------------------------

    @Autowired
    AttendanceService service;

    @Test
    void fiftyConcurrentCheckInsOfOneStudentMakeOneRecordAndOneEvent() throws Exception {
        String session = openSession();
        Caller kiosk = new Caller("kiosk", com.attendancelive.directory.Role.SERVICE);
        int requests = 50;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(requests);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<AttendanceService.CheckIn>> results = new ArrayList<>();
        try {
            for (int i = 0; i < requests; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return service.checkIn(kiosk, cls.id(), session, new Views.CheckInRequest(null, cls.a()));
                }));
            }
            start.countDown();
            int created = 0;
            java.util.Set<Views.RecordView> records = new java.util.HashSet<>();
            for (var result : results) {
                AttendanceService.CheckIn checkIn = result.get(60, java.util.concurrent.TimeUnit.SECONDS);
                created += checkIn.created() ? 1 : 0;
                records.add(checkIn.record());
            }
            assertThat(created).isEqualTo(1);
            assertThat(records).hasSize(1);
        }
        finally {
            pool.shutdownNow();
        }
        assertThat(jdbc.sql("select count(*) from attendance_record where session_id = ?").param(session)
                .query(Integer.class).single()).isEqualTo(1);
        assertThat(events(0)).extracting(e -> e.get("type").asString()).containsExactly("SESSION_OPENED", "CHECKED_IN");
        // Over HTTP a repeat is 200 with the same record.
        checkIn(session, KIOSK, "{\"studentId\": \"" + cls.a() + "\"}").andExpect(status().isOk());
    }

    @Test
    void eightThreadsOf200CheckInsKeepSeqGapFreeAndInCommitOrder() throws Exception {
        int classes = 4;
        int threads = 8;
        int perThread = 200;
        int studentsPerClass = threads / classes * perThread;
        List<String> classIds = new ArrayList<>();
        List<String> sessionIds = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            TestClass extra = AttendanceTestSupport.newClass(jdbc);
            for (int s = 0; s < studentsPerClass; s++) {
                String student = extra.id() + "_" + s;
                AttendanceTestSupport.newUser(jdbc, student, "STUDENT");
                jdbc.sql("insert into enrollment (class_id, student) values (?, ?)").params(extra.id(), student).update();
            }
            classIds.add(extra.id());
            sessionIds.add(body(mvc.perform(post("/api/classes/" + extra.id() + "/sessions").with(LOVELACE))
                    .andExpect(status().isCreated())).get("id").asString());
        }
        Caller kiosk = new Caller("kiosk", com.attendancelive.directory.Role.SERVICE);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        List<java.util.concurrent.Future<List<Long>>> perThreadSeqs = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                int classIndex = t % classes;
                int firstStudent = (t / classes) * perThread;
                perThreadSeqs.add(pool.submit(() -> {
                    List<Long> seqs = new ArrayList<>();
                    String classId = classIds.get(classIndex);
                    for (int i = 0; i < perThread; i++) {
                        service.checkIn(kiosk, classId, sessionIds.get(classIndex),
                                new Views.CheckInRequest(null, classId + "_" + (firstStudent + i)));
                        seqs.add(jdbc.sql("select seq from class_event where class_id = ? and payload like ?")
                                .params(classId, "%\"" + classId + "_" + (firstStudent + i) + "\"%")
                                .query(Long.class).single());
                    }
                    return seqs;
                }));
            }
            for (var future : perThreadSeqs) {
                List<Long> seqs = future.get(5, java.util.concurrent.TimeUnit.MINUTES);
                // A later commit of one thread always has a higher seq: seq order is commit order.
                assertThat(seqs).isSorted().doesNotHaveDuplicates();
            }
        }
        finally {
            pool.shutdownNow();
        }
        for (String classId : classIds) {
            List<Long> seqs = jdbc.sql("select seq from class_event where class_id = ? order by seq").param(classId)
                    .query(Long.class).list();
            int expected = studentsPerClass + 1;
            assertThat(seqs).hasSize(expected);
            assertThat(seqs.get(0)).isEqualTo(1);
            assertThat(seqs.get(expected - 1)).isEqualTo(expected);
            assertThat(jdbc.sql("select last_seq from class_event_counter where class_id = ?").param(classId)
                    .query(Long.class).single()).isEqualTo(expected);
        }
    }

    // --- helpers -----------------------------------------------------------------------------------

    String sessions() {
        return "/api/classes/" + cls.id() + "/sessions";
    }

    String sessionPath(String session) {
        return sessions() + "/" + session;
    }

    String eventsPath() {
        return "/api/classes/" + cls.id() + "/events";
    }

    String openSession() throws Exception {
        return body(mvc.perform(post(sessions()).with(LOVELACE)).andExpect(status().isCreated())).get("id").asString();
    }

    void close(String session) throws Exception {
        mvc.perform(post(sessionPath(session) + "/close").with(LOVELACE)).andExpect(status().isOk());
    }

    String currentCode(String session) throws Exception {
        return body(mvc.perform(get(sessionPath(session) + "/code").with(LOVELACE)).andExpect(status().isOk()))
                .get("code").asString();
    }

    String codeBody(String session) throws Exception {
        return "{\"code\": \"" + currentCode(session) + "\"}";
    }

    ResultActions checkIn(String session, RequestPostProcessor who, String body) throws Exception {
        return mvc.perform(post(sessionPath(session) + "/check-ins").with(who)
                .contentType(MediaType.APPLICATION_JSON).content(body));
    }

    ResultActions correct(String session, String student, RequestPostProcessor who, String body, String ifMatch)
            throws Exception {
        MockHttpServletRequestBuilder request = put(sessionPath(session) + "/attendance/" + student).with(who)
                .contentType(MediaType.APPLICATION_JSON).content(body);
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return mvc.perform(request);
    }

    JsonNode roster(String session) throws Exception {
        return body(mvc.perform(get(sessionPath(session) + "/attendance").with(LOVELACE)).andExpect(status().isOk()));
    }

    List<JsonNode> events(long afterSeq) throws Exception {
        JsonNode list = body(mvc.perform(get(eventsPath() + "?afterSeq=" + afterSeq).with(LOVELACE)).andExpect(status().isOk()));
        List<JsonNode> events = new ArrayList<>();
        list.forEach(events::add);
        return events;
    }

    JsonNode classOf(RequestPostProcessor who, String classId) throws Exception {
        for (JsonNode c : body(mvc.perform(get("/api/classes").with(who)))) {
            if (c.get("id").asString().equals(classId)) {
                return c;
            }
        }
        throw new AssertionError("class " + classId + " not listed");
    }

    JsonNode body(ResultActions result) throws Exception {
        return json.readTree(result.andReturn().getResponse().getContentAsString());
    }

    ResultActions expectProblem(ResultActions result, int status) throws Exception {
        return result.andExpect(status().is(status))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    static List<String> ids(JsonNode classes) {
        List<String> ids = new ArrayList<>();
        classes.forEach(c -> ids.add(c.get("id").asString()));
        return ids;
    }

    static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asString()));
        return texts;
    }

    static List<String> statuses(JsonNode roster) {
        List<String> statuses = new ArrayList<>();
        roster.get("students").forEach(s -> statuses.add(s.get("studentId").asString() + "="
                + (s.get("status").isNull() ? "null" : s.get("status").asString())));
        return statuses;
    }
}
