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
import com.attendancelive.support.StompTestClient;
import com.attendancelive.support.TestLogin;
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
            assertThat(topic.poll(500, TimeUnit.MILLISECONDS)).isNull();
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
            assertThat(topic.poll(1, TimeUnit.SECONDS)).as("nothing for the rolled-back check-in").isNull();

            checkIn(session, cls.b());
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
            assertThat(topic.poll(500, TimeUnit.MILLISECONDS)).as("each event once").isNull();
        }
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
