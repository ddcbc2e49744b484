package com.attendancelive.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.attendancelive.support.Http;
import com.attendancelive.support.LiveAppTest;
import com.attendancelive.support.StompTestClient;
import com.attendancelive.support.TestLogin;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/** The metrics an operator scrapes, with values that follow what really happens on the wire. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class PrometheusMetricsTest extends LiveAppTest {

    @Test
    void sessionsSubscriptionsAndMessagesAppearOnThePrometheusEndpointWithoutAToken() throws Exception {
        double sessionsBefore = metric("attendance_stomp_sessions");
        double subscriptionsBefore = metric("attendance_stomp_subscriptions");
        double delivered = metric("attendance_stomp_messages_total{direction=\"outbound\",type=\"MESSAGE\"}");
        try (StompTestClient client = new StompTestClient();
                StompTestClient.Connection first = client.connect(port, TestLogin.connectHeaders(port, "admin"));
                StompTestClient.Connection second = client.connect(port, TestLogin.connectHeaders(port, "admin"))) {
            BlockingQueue<String> a = first.subscribe("/topic/attendance/cs101");
            BlockingQueue<String> b = second.subscribe("/topic/attendance/cs101");
            second.subscribe("/user/queue/errors");

            messaging.convertAndSend("/topic/attendance/cs101", "counted");
            assertThat(a.poll(10, TimeUnit.SECONDS)).isEqualTo("counted");
            assertThat(b.poll(10, TimeUnit.SECONDS)).isEqualTo("counted");

            assertThat(metric("attendance_stomp_sessions")).isEqualTo(sessionsBefore + 2);
            assertThat(metric("attendance_stomp_subscriptions")).isEqualTo(subscriptionsBefore + 3);
            assertThat(metric("attendance_stomp_messages_total{direction=\"outbound\",type=\"MESSAGE\"}"))
                    .isGreaterThanOrEqualTo(delivered + 2);
            assertThat(metric("attendance_stomp_messages_total{direction=\"inbound\",type=\"SUBSCRIBE\"}"))
                    .isGreaterThanOrEqualTo(3);
            assertThat(metric("attendance_broker_available")).isEqualTo(1);
            // One connection for the instance, none for its two sessions.
            assertThat(metric("attendance_broker_connections")).isEqualTo(1);
            assertThat(metric("attendance_realtime_events_from_database_total")).isGreaterThanOrEqualTo(0);
            assertThat(metric("attendance_stomp_sessions_closed_total{reason=\"send-limit\"}")).isZero();
            assertThat(metric("attendance_stomp_channel_queued{channel=\"outbound\"}")).isGreaterThanOrEqualTo(0);
        }
        Awaitility.await("sessions and subscriptions released").atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> {
                    assertThat(metric("attendance_stomp_sessions")).isEqualTo(sessionsBefore);
                    assertThat(metric("attendance_stomp_subscriptions")).isEqualTo(subscriptionsBefore);
                });
    }

    @Test
    void checkInsAreCountedByOutcomeAndTheirEventsOnceCommitted() {
        double created = metric("attendance_checkins_total{outcome=\"created\"}");
        double repeated = metric("attendance_checkins_total{outcome=\"repeated\"}");
        double refused = metric("attendance_checkins_total{outcome=\"refused\"}");
        double committed = metric("attendance_events_committed_total");

        HttpResponse<String> opened = post("/api/classes/cs101/sessions", "lovelace", "{}");
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
        Matcher id = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"").matcher(opened.body());
        assertThat(id.find()).isTrue();
        String checkIns = "/api/classes/cs101/sessions/" + id.group(1) + "/check-ins";
        assertThat(post(checkIns, "kiosk", "{\"studentId\":\"alice\"}").statusCode()).isEqualTo(201);
        assertThat(post(checkIns, "kiosk", "{\"studentId\":\"alice\"}").statusCode()).isEqualTo(200);
        assertThat(post(checkIns, "kiosk", "{\"studentId\":\"carol\"}").statusCode()).isBetween(400, 499);

        assertThat(metric("attendance_checkins_total{outcome=\"created\"}")).isEqualTo(created + 1);
        assertThat(metric("attendance_checkins_total{outcome=\"repeated\"}")).isEqualTo(repeated + 1);
        assertThat(metric("attendance_checkins_total{outcome=\"refused\"}")).isEqualTo(refused + 1);
        // SESSION_OPENED and one CHECKED_IN; the repeat and the refusal change nothing.
        assertThat(metric("attendance_events_committed_total")).isEqualTo(committed + 2);
        assertThat(metric("attendance_events_incomplete{status=\"PUBLISHED\"}")).isNotNegative();
    }

    /** Spring Security's observations are off (management.observations.enable.spring.security): their cost is per filter. */
    @Test
    void requestsAreTimedWithoutSpringSecuritysObservations() {
        Http.get(port, "/actuator/prometheus"); // a request through a security filter chain, timed by the next scrape
        String body = Http.get(port, "/actuator/prometheus").body();
        assertThat(body).contains("http_server_requests_seconds_count{").doesNotContain("spring_security_");
    }

    private HttpResponse<String> post(String path, String user, String json) {
        return Http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", TestLogin.bearer(port, user))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    @Test
    void onlyThePrometheusPathIsOpenedByTheScrapeChain() {
        assertThat(Http.status(port, "/actuator/prometheus")).isEqualTo(200);
        assertThat(Http.status(port, "/actuator/metrics")).isIn(401, 403);
    }

    private double metric(String series) {
        String body = Http.get(port, "/actuator/prometheus").body();
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(series.contains("{") ? series.substring(0, series.indexOf('{')) : series)
                + (series.contains("{") ? Pattern.quote(series.substring(series.indexOf('{'), series.length() - 1)) + "[^}]*}" : "(\\{[^}]*})?")
                + " (\\S+)$").matcher(body);
        assertThat(matcher.find()).as("series %s in %n%s", series, body).isTrue();
        return Double.parseDouble(matcher.group(matcher.groupCount()));
    }
}
