package com.attendancelive.attendance;

import static com.attendancelive.attendance.AttendanceTestSupport.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.attendancelive.attendance.AttendanceTestSupport.TestClass;
import com.attendancelive.directory.Role;
import com.attendancelive.support.Http;
import com.attendancelive.support.Received;
import com.attendancelive.support.StompTestClient;
import com.attendancelive.support.TestLogin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.WebApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Attendance events reach real STOMP subscribers through the embedded broker, after commit, in seq order. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(AttendanceTestSupport.TestClock.class)
class AttendanceEventsOverStompTest {

    static final RequestPostProcessor LOVELACE = as("lovelace", "TEACHER");
    static final RequestPostProcessor KIOSK = as("kiosk", "SERVICE");

    final JsonMapper json = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

    @Autowired
    WebApplicationContext context;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AttendanceService service;

    @Autowired
    PlatformTransactionManager transactions;

    MockMvc mvc;
    TestClass cls;

    @BeforeEach
    void setUp() {
        Http.awaitReady(port);
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
        cls = AttendanceTestSupport.newClass(jdbc);
    }

    @Test
    void everyChangeArrivesOnTheClassTopicInSeqOrderAsTheLogHasIt() throws Exception {
        try (StompTestClient client = new StompTestClient();
                StompTestClient.Connection teacher = client.connect(port, TestLogin.connectHeaders(port, "lovelace"))) {
            BlockingQueue<String> topic = teacher.subscribe("/topic/attendance/" + cls.id());

            String session = openSession();
            checkIn(session, cls.a());
            checkIn(session, cls.b());
            mvc.perform(put(sessionPath(session) + "/attendance/" + cls.a()).with(LOVELACE)
                    .contentType(MediaType.APPLICATION_JSON).content("{\"status\": \"EXCUSED\", \"reason\": \"note\"}"))
                    .andExpect(status().isOk());
            mvc.perform(post(sessionPath(session) + "/close").with(LOVELACE)).andExpect(status().isOk());

            List<JsonNode> received = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                String message = topic.poll(10, TimeUnit.SECONDS);
                assertThat(teacher.failures()).isEmpty();
                assertThat(message).as("event %d", i + 1).isNotNull();
                received.add(json.readTree(message));
            }
            assertThat(received).extracting(e -> e.get("seq").asLong()).containsExactly(1L, 2L, 3L, 4L, 5L);
            assertThat(received).extracting(e -> e.get("type").asString())
                    .containsExactly("SESSION_OPENED", "CHECKED_IN", "CHECKED_IN", "STATUS_CHANGED", "SESSION_CLOSED");
            // Live events and the replay are the same JSON.
            assertThat(received).isEqualTo(replay(0));
            JsonNode closed = received.get(4);
            assertThat(closed.get("absent").get(0).asString()).isEqualTo(cls.c());
            openSession();
            assertThat(Received.beforeSeq(topic, 6, TEN_SECONDS)).as("nothing before the next session's SESSION_OPENED").isEmpty();
        }
    }

    @Test
    void aRolledBackChangeSendsNothingAndGivesItsSeqBack() throws Exception {
        String session = openSession();
        try (StompTestClient client = new StompTestClient();
                StompTestClient.Connection teacher = client.connect(port, TestLogin.connectHeaders(port, "lovelace"))) {
            BlockingQueue<String> topic = teacher.subscribe("/topic/attendance/" + cls.id());

            TransactionTemplate outer = new TransactionTemplate(transactions);
            outer.executeWithoutResult(status -> {
                AttendanceService.CheckIn checkIn = service.checkIn(new Caller("kiosk", Role.SERVICE), cls.id(), session,
                        new Views.CheckInRequest(null, cls.a()));
                assertThat(checkIn.created()).isTrue();
                status.setRollbackOnly();
            });
            checkIn(session, cls.b());
            // The first event after the rollback is b's: nothing came for the rolled-back check-in.
            JsonNode next = json.readTree(topic.poll(10, TimeUnit.SECONDS));
            assertThat(next.get("seq").asLong()).isEqualTo(2);
            assertThat(next.get("studentId").asString()).isEqualTo(cls.b());
            assertThat(replay(1)).hasSize(1);
            assertThat(jdbc.sql("select count(*) from attendance_record where session_id = ? and student_id = ?")
                    .params(session, cls.a()).query(Integer.class).single()).isZero();
        }
    }

    @Test
    void concurrentCommitsOfOneClassArriveInSeqOrder() throws Exception {
        List<String> students = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String student = cls.id() + "_x" + i;
            AttendanceTestSupport.newUser(jdbc, student, "STUDENT");
            jdbc.sql("insert into enrollment (class_id, student) values (?, ?)").params(cls.id(), student).update();
            students.add(student);
        }
        String session = openSession();
        try (StompTestClient client = new StompTestClient();
                StompTestClient.Connection teacher = client.connect(port, TestLogin.connectHeaders(port, "lovelace"))) {
            BlockingQueue<String> topic = teacher.subscribe("/topic/attendance/" + cls.id());
            ExecutorService pool = Executors.newFixedThreadPool(6);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (String student : students) {
                    done.add(pool.submit(() -> service.checkIn(new Caller("kiosk", Role.SERVICE), cls.id(), session,
                            new Views.CheckInRequest(null, student))));
                }
                for (Future<?> future : done) {
                    future.get(60, TimeUnit.SECONDS);
                }
            }
            finally {
                pool.shutdownNow();
            }
            List<Long> seqs = new ArrayList<>();
            for (int i = 0; i < students.size(); i++) {
                String message = topic.poll(10, TimeUnit.SECONDS);
                assertThat(message).as("event %d of %d", i + 1, students.size()).isNotNull();
                seqs.add(json.readTree(message).get("seq").asLong());
            }
            List<Long> expected = new ArrayList<>();
            for (long seq = 2; seq < 2 + students.size(); seq++) {
                expected.add(seq);
            }
            assertThat(seqs).isEqualTo(expected);
            service.checkIn(new Caller("kiosk", Role.SERVICE), cls.id(), session, new Views.CheckInRequest(null, cls.a()));
            assertThat(Received.beforeSeq(topic, 2 + students.size(), TEN_SECONDS)).as("each event once").isEmpty();
        }
    }

    @Test
    void theStudentConcernedGetsTheirEventsOnTheirUserQueueAndNoOneElses() throws Exception {
        jdbc.sql("insert into enrollment (class_id, student) values (?, 'dave')").param(cls.id()).update();
        String session = openSession();
        try (StompTestClient client = new StompTestClient();
                StompTestClient.Connection dave = client.connect(port, TestLogin.connectHeaders(port, "dave"));
                StompTestClient.Connection bob = client.connect(port, TestLogin.connectHeaders(port, "bob"))) {
            BlockingQueue<String> davesQueue = dave.subscribe("/user/queue/attendance");
            BlockingQueue<String> bobsQueue = bob.subscribe("/user/queue/attendance");

            checkIn(session, cls.a());
            mvc.perform(post(sessionPath(session) + "/close").with(LOVELACE)).andExpect(status().isOk());
            mvc.perform(put(sessionPath(session) + "/attendance/dave").with(LOVELACE)
                    .contentType(MediaType.APPLICATION_JSON).content("{\"status\": \"EXCUSED\", \"reason\": \"ill\"}"))
                    .andExpect(status().isOk());

            JsonNode closed = json.readTree(davesQueue.poll(10, TimeUnit.SECONDS));
            assertThat(closed.get("type").asString()).isEqualTo("SESSION_CLOSED");
            assertThat(closed.get("seq").asLong()).isEqualTo(3);
            // A student learns about their own absence, not their classmates'.
            assertThat(closed.get("absent")).hasSize(1);
            assertThat(closed.get("absent").get(0).asString()).isEqualTo("dave");
            assertThat(replay(2).get(0).get("absent")).hasSize(3);

            JsonNode excused = json.readTree(davesQueue.poll(10, TimeUnit.SECONDS));
            assertThat(excused.get("type").asString()).isEqualTo("STATUS_CHANGED");
            assertThat(excused.get("seq").asLong()).isEqualTo(4);
            assertThat(excused.get("studentId").asString()).isEqualTo("dave");
            assertThat(excused.get("status").asString()).isEqualTo("EXCUSED");

            // Sentinels: a later event for dave, and once bob is enrolled, one for bob.
            mvc.perform(put(sessionPath(session) + "/attendance/dave").with(LOVELACE)
                    .contentType(MediaType.APPLICATION_JSON).content("{\"status\": \"PRESENT\", \"reason\": \"arrived\"}"))
                    .andExpect(status().isOk());
            assertThat(Received.beforeSeq(davesQueue, 5, TEN_SECONDS)).isEmpty();
            jdbc.sql("insert into enrollment (class_id, student) values (?, 'bob')").param(cls.id()).update();
            mvc.perform(put(sessionPath(session) + "/attendance/bob").with(LOVELACE)
                    .contentType(MediaType.APPLICATION_JSON).content("{\"status\": \"EXCUSED\", \"reason\": \"late\"}"))
                    .andExpect(status().isOk());
            assertThat(Received.beforeSeq(bobsQueue, 6, TEN_SECONDS)).as("bob was not in this class").isEmpty();
        }
    }

    @Test
    void theRestApiWorksWithRealBearerTokens() {
        var classes = Http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://localhost:" + port + "/api/classes"))
                .header("Authorization", TestLogin.bearer(port, "lovelace")).GET().build());
        assertThat(classes.statusCode()).isEqualTo(200);
        assertThat(classes.body()).contains("\"cs101\"").doesNotContain("\"math201\"");
        var mine = Http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://localhost:" + port + "/api/classes/math201/sessions"))
                .header("Authorization", TestLogin.bearer(port, "lovelace"))
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build());
        assertThat(mine.statusCode()).isEqualTo(403);
        assertThat(Http.status(port, "/api/me/attendance")).isEqualTo(401);
    }

    private String openSession() throws Exception {
        return json.readTree(mvc.perform(post("/api/classes/" + cls.id() + "/sessions").with(LOVELACE))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString()).get("id").asString();
    }

    private void checkIn(String session, String student) throws Exception {
        mvc.perform(post(sessionPath(session) + "/check-ins").with(KIOSK).contentType(MediaType.APPLICATION_JSON)
                .content("{\"studentId\": \"" + student + "\"}")).andExpect(status().isCreated());
    }

    private String sessionPath(String session) {
        return "/api/classes/" + cls.id() + "/sessions/" + session;
    }

    private List<JsonNode> replay(long afterSeq) throws Exception {
        JsonNode list = json.readTree(mvc.perform(get("/api/classes/" + cls.id() + "/events?afterSeq=" + afterSeq)
                .with(LOVELACE)).andReturn().getResponse().getContentAsString());
        List<JsonNode> events = new ArrayList<>();
        list.forEach(events::add);
        return events;
    }
}
