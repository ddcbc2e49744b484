package com.attendancelive.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.attendancelive.support.ClassroomCalls;
import com.attendancelive.support.CountedStatements;
import com.attendancelive.support.Http;
import com.attendancelive.support.RawStompClient;
import com.attendancelive.support.RunningAppTest;
import com.attendancelive.support.TestLogin;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * Catch-up in the channel (contract version 2): a SUBSCRIBE with {@code after-seq:N} gets the
 * class's events after N from the database, then the live ones, with no gap and no repeat at the
 * seam, even while events are being committed; a RESYNC when too far behind or ahead; an ERROR
 * naming the header when it is malformed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "attendance.realtime.replay-limit=40")
@ActiveProfiles("test")
@Import(CountedStatements.Counting.class)
class ReplayOnSubscribeTest extends RunningAppTest {

    private static final String EVENTS_AFTER = "select seq, type, payload from class_event where class_id = ? and seq > ? order by seq";

    @Autowired
    CountedStatements statements;

    private String kiosk;

    @BeforeEach
    void awaitReady() {
        Http.awaitReady(port);
        kiosk = TestLogin.bearer(port, "kiosk");
    }

    @Test
    void theEventsAfterTheSeqComeFirstThenTheLiveOnes() throws Exception {
        Classroom room = classroom(4, 2); // seq 1 (opened), 2 and 3 (check-ins)
        try (RawStompClient admin = admin()) {
            admin.subscribed("/topic/attendance/" + room.classId, "s-1", "after-seq", "1");
            assertThat(seqs(admin, 2)).containsExactly(2L, 3L);
            room.checkIn(2);
            assertThat(seqs(admin, 1)).containsExactly(4L);
            room.checkIn(3);
            assertThat(admin.before(RawStompClient.eventOfSeq(5), 10)).as("nothing more").isEmpty();
        }
    }

    @Test
    void atTheLatestSeqNothingIsReplayedAndAheadOfItComesAResync() throws Exception {
        Classroom room = classroom(3, 1); // seq 1, 2
        try (RawStompClient current = admin(); RawStompClient ahead = admin()) {
            current.subscribed("/topic/attendance/" + room.classId, "s-1", "after-seq", "2");
            ahead.subscribed("/topic/attendance/" + room.classId, "s-1", "after-seq", "9");
            RawStompClient.Frame resync = ahead.next(10);
            assertThat(resync.body()).isEqualTo("{\"type\":\"RESYNC\",\"classId\":\"" + room.classId + "\",\"seq\":2}");
            assertThat(resync.header("subscription")).isEqualTo("s-1");
            room.checkIn(1);
            assertThat(seqs(current, 1)).containsExactly(3L);
            assertThat(seqs(ahead, 1)).containsExactly(3L);
            room.checkIn(2);
            assertThat(current.before(RawStompClient.eventOfSeq(4), 10)).isEmpty();
        }
    }

    @Test
    void tooFarBehindGetsAResyncThenTheLiveEvents() throws Exception {
        Classroom room = classroom(45, 44); // seq 1..45, more than the replay limit of 40 after 0
        try (RawStompClient admin = admin()) {
            admin.subscribed("/topic/attendance/" + room.classId, "s-1", "after-seq", "0");
            assertThat(admin.next(10).body()).isEqualTo("{\"type\":\"RESYNC\",\"classId\":\"" + room.classId + "\",\"seq\":45}");
            room.checkIn(44);
            assertThat(seqs(admin, 1)).containsExactly(46L);
        }
    }

    @Test
    void aMalformedAfterSeqIsRefusedNamingTheHeaderAndNothingIsSubscribed() throws Exception {
        Classroom room = classroom(10, 0);
        for (String value : List.of("", "-1", "x", "1.5", "+3", "0x10", "1234567890123456789", " 1")) {
            try (RawStompClient admin = admin()) {
                RawStompClient.Frame error = admin.subscribe("/topic/attendance/" + room.classId, "s-1", "after-seq", value);
                assertThat(error.command()).as("after-seq:" + value).isEqualTo("ERROR");
                assertThat(error.header("message")).as("after-seq:" + value).contains("after-seq");
                room.checkIn(room.checkedIn);
                assertThat(admin.receivedMessage()).as("nothing subscribed with after-seq:" + value).isFalse();
            }
        }
        try (RawStompClient student = RawStompClient.connectedAs(port, "alice")) {
            RawStompClient.Frame error = student.subscribe("/user/queue/attendance", "own", "after-seq", "0");
            assertThat(error.command()).isEqualTo("ERROR");
            assertThat(error.header("message")).isEqualTo("the after-seq header is only for /topic/attendance/{classId}");
        }
    }

    @Test
    void noGapNoRepeatAtTheSeamWhileEventsAreBeingCommitted() throws Exception {
        // At most 38 events after seq 3 however late the SUBSCRIBE lands: always a replay, never a
        // RESYNC (the replay limit is 40 here).
        int students = 40;
        Classroom room = classroom(students + 1, 5); // seq 1..6; the last student checks in after, as the sentinel
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (RawStompClient admin = admin()) {
            List<Future<?>> checkIns = new ArrayList<>();
            for (int i = 5; i < students; i++) {
                int student = i;
                checkIns.add(pool.submit(() -> room.checkIn(student)));
            }
            Thread.sleep(50); // the subscription lands while check-ins commit
            admin.subscribed("/topic/attendance/" + room.classId, "s-1", "after-seq", "3");
            for (Future<?> checkIn : checkIns) {
                checkIn.get(60, TimeUnit.SECONDS);
            }
            long last = students + 1;
            List<String> bodies = bodies(admin, (int) (last - 3));
            assertThat(bodies).noneMatch(body -> body.contains("RESYNC"));
            assertThat(ClassroomCalls.seqs(bodies)).isEqualTo(LongStream.rangeClosed(4, last).boxed().toList());
            room.checkIn(students);
            assertThat(admin.before(RawStompClient.eventOfSeq(last + 1), 10)).as("no repeat").isEmpty();
        }
        finally {
            pool.shutdownNow();
        }
    }

    /** A lecture hall reconnecting: every replay of the same stretch is read from the database once. */
    @Test
    void subscribersReplayingTheSameEventsShareOneRead() throws Exception {
        Classroom room = classroom(31, 30); // seq 1..31
        long readsBefore = statements.count(EVENTS_AFTER);
        List<RawStompClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 12; i++) {
                RawStompClient client = admin();
                clients.add(client);
                client.subscribed("/topic/attendance/" + room.classId, "s-1", "after-seq", "0");
            }
            for (RawStompClient client : clients) {
                assertThat(seqs(client, 31)).isEqualTo(LongStream.rangeClosed(1, 31).boxed().toList());
            }
        }
        finally {
            clients.forEach(RawStompClient::close);
        }
        assertThat(statements.count(EVENTS_AFTER) - readsBefore).as("reads of the class's events").isEqualTo(1);
    }

    private RawStompClient admin() {
        return RawStompClient.connectedAs(port, "admin");
    }

    private static List<Long> seqs(RawStompClient client, int count) {
        return ClassroomCalls.seqs(bodies(client, count));
    }

    private static List<String> bodies(RawStompClient client, int count) {
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            RawStompClient.Frame frame = client.next(10);
            if (frame == null) {
                break;
            }
            bodies.add(frame.body());
        }
        return bodies;
    }

    private Classroom classroom(int students, int checkIns) throws Exception {
        String classId = ClassroomCalls.newClass(dataSource, "r", students);
        Classroom room = new Classroom(classId, ClassroomCalls.openSession(port, classId));
        for (int i = 0; i < checkIns; i++) {
            room.checkIn(i);
        }
        return room;
    }

    private final class Classroom {

        final String classId;
        final String session;
        int checkedIn;

        Classroom(String classId, String session) {
            this.classId = classId;
            this.session = session;
        }

        void checkIn(int student) {
            assertThat(ClassroomCalls.checkIn(port, classId, session, classId + "_" + student, kiosk).statusCode()).isEqualTo(201);
            synchronized (this) {
                checkedIn++;
            }
        }
    }
}
