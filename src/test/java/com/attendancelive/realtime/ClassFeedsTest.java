package com.attendancelive.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.attendancelive.broker.EmbeddedActiveMqBroker;
import com.attendancelive.support.ClassroomCalls;
import com.attendancelive.support.DirectBrokerClient;
import com.attendancelive.support.Http;
import com.attendancelive.support.Received;
import com.attendancelive.support.RunningAppTest;
import com.attendancelive.support.StompTestClient;
import com.attendancelive.support.TestLogin;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * What reaches a subscriber when the broker repeats, reorders or loses messages: each event once,
 * in seq order. The events are written into the database as another instance would commit them,
 * and their broker messages are sent by a STOMP client on the real (embedded) broker.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "attendance.realtime.fallback-poll=500ms")
@ActiveProfiles("test")
class ClassFeedsTest extends RunningAppTest {

    @Autowired
    EmbeddedActiveMqBroker broker;

    @Autowired
    ClassFeeds feeds;

    private final StompTestClient client = new StompTestClient();
    private DirectBrokerClient anotherInstance;

    @BeforeEach
    void connect() {
        Http.awaitReady(port);
        InetSocketAddress address = broker.socketAddress();
        anotherInstance = new DirectBrokerClient(address.getHostString(), address.getPort());
    }

    @AfterEach
    void disconnect() {
        anotherInstance.close();
        client.close();
    }

    @Test
    void repeatedAndReorderedBrokerMessagesReachSubscribersOnceInSeqOrder() throws Exception {
        String classId = ClassroomCalls.newClass(dataSource, "r", 1);
        String student = classId + "_0";
        BlockingQueue<String> dashboard = subscribe("admin", "/topic/attendance/" + classId);
        BlockingQueue<String> phone = subscribe(student, "/user/queue/attendance");
        List<String> events = commitElsewhere(classId, student, 6);

        for (int seq : new int[] {3, 1, 1, 2, 5, 4, 3, 5}) {
            anotherInstance.sendToClass(classId, events.get(seq - 1));
        }
        anotherInstance.sendToClass(classId, events.get(5)); // the sentinel: nothing but 1 to 5, once each, before it

        assertThat(ClassroomCalls.seqs(Received.beforeSeq(dashboard, 6, Duration.ofSeconds(10))))
                .containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(ClassroomCalls.seqs(Received.beforeSeq(phone, 6, Duration.ofSeconds(10))))
                .as("the student's own events").containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void aLostBrokerMessageIsReadFromTheDatabaseBeforeTheEventsAfterIt() throws Exception {
        String classId = ClassroomCalls.newClass(dataSource, "l", 1);
        BlockingQueue<String> dashboard = subscribe("admin", "/topic/attendance/" + classId);
        List<String> events = commitElsewhere(classId, classId + "_0", 4);
        long readBefore = feeds.filledFromDatabase();

        anotherInstance.sendToClass(classId, events.get(1));
        anotherInstance.sendToClass(classId, events.get(2));
        anotherInstance.sendToClass(classId, events.get(3)); // the sentinel

        List<String> received = Received.beforeSeq(dashboard, 4, Duration.ofSeconds(10));
        assertThat(ClassroomCalls.seqs(received)).containsExactly(1L, 2L, 3L);
        assertThat(received.get(0)).isEqualTo(events.get(0));
        assertThat(feeds.filledFromDatabase() - readBefore).as("events read from the database").isEqualTo(1);
    }

    @Test
    void anEventWhoseMessageIsLostWithNoEventAfterItArrivesByThePoll() throws Exception {
        String classId = ClassroomCalls.newClass(dataSource, "p", 1);
        BlockingQueue<String> dashboard = subscribe("admin", "/topic/attendance/" + classId);
        commitElsewhere(classId, classId + "_0", 2);

        // Committed, never published: read once the poll has seen it twice (within two poll periods).
        assertThat(ClassroomCalls.seqs(Received.take(dashboard, 2, Duration.ofSeconds(3)))).containsExactly(1L, 2L);
        anotherInstance.sendToClass(classId, commitNextElsewhere(classId, classId + "_0", 3));
        assertThat(Received.beforeSeq(dashboard, 3, Duration.ofSeconds(10))).as("read once").isEmpty();
    }

    @Test
    void aBrokerMessageThatIsNotAnEventIsDropped() throws Exception {
        String classId = ClassroomCalls.newClass(dataSource, "j", 1);
        BlockingQueue<String> dashboard = subscribe("admin", "/topic/attendance/" + classId);
        anotherInstance.sendToClass(classId, "{\"classId\":\"" + classId + "\",\"seq\":\"one\"}");
        anotherInstance.sendToClass(classId, "not json");
        anotherInstance.sendToClass(classId, "{\"type\":\"CHECKED_IN\",\"classId\":\"a/b\",\"seq\":1}");
        List<String> events = commitElsewhere(classId, classId + "_0", 2);
        anotherInstance.sendToClass(classId, events.get(0));
        anotherInstance.sendToClass(classId, events.get(1)); // the sentinel
        assertThat(Received.beforeSeq(dashboard, 2, Duration.ofSeconds(10))).containsExactly(events.get(0));
    }

    private BlockingQueue<String> subscribe(String user, String destination) {
        return client.connect(port, TestLogin.connectHeaders(port, user)).subscribe(destination);
    }

    /** Check-ins of {@code student}, seq 1 to {@code count}, committed as another instance would: only in the database. */
    private List<String> commitElsewhere(String classId, String student, int count) {
        jdbc.sql("insert into class_event_counter (class_id, last_seq) values (?, ?)").params(classId, count).update();
        return java.util.stream.IntStream.rangeClosed(1, count).mapToObj(seq -> insertEvent(classId, student, seq)).toList();
    }

    /** One more check-in after {@link #commitElsewhere}, of seq {@code seq}. */
    private String commitNextElsewhere(String classId, String student, long seq) {
        jdbc.sql("update class_event_counter set last_seq = ? where class_id = ?").params(seq, classId).update();
        return insertEvent(classId, student, seq);
    }

    private String insertEvent(String classId, String student, long seq) {
        String json = "{\"type\":\"CHECKED_IN\",\"classId\":\"" + classId + "\",\"seq\":" + seq
                + ",\"occurredAt\":\"" + Instant.now() + "\",\"sessionId\":\"s1\",\"studentId\":\"" + student
                + "\",\"status\":\"PRESENT\",\"source\":\"SERVICE\"}";
        jdbc.sql("insert into class_event (class_id, seq, type, payload, occurred_at) values (?, ?, 'CHECKED_IN', ?, ?)")
                .params(classId, seq, json, OffsetDateTime.now(ZoneOffset.UTC)).update();
        return json;
    }
}
