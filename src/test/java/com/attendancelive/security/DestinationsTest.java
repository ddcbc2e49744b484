package com.attendancelive.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DestinationsTest {

    @Test
    void theContractsSubscriptionsParse() {
        assertThat(Destinations.parseSubscription("/topic/attendance/cs101")).isEqualTo(new Destinations.ClassTopic("cs101"));
        assertThat(Destinations.parseSubscription("/topic/attendance/A_b-9")).isEqualTo(new Destinations.ClassTopic("A_b-9"));
        assertThat(Destinations.parseSubscription("/user/queue/attendance")).isInstanceOf(Destinations.OwnQueue.class);
        assertThat(Destinations.parseSubscription("/user/queue/errors")).isInstanceOf(Destinations.OwnQueue.class);
        assertThat(Destinations.parseSubscription("/topic/attendance/" + "x".repeat(64))).isInstanceOf(Destinations.ClassTopic.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/topic/attendance/", "/topic/attendance", "/topic/attendance/cs101/", "/topic/attendance/*",
            "/topic/attendance/>", "/topic/attendance/#", "/topic/attendance/a,b", "/topic/attendance/cs%31",
            "/topic/attendance/cs101;x", "/topic/attendance/cs101?x", "/topic/attendance/../x", "/topic/attendance//cs101",
            "/topic/attendance/cs 101", "/topic/attendance/cs101\t", "/topic/attendance/çs101", "/topic/attendance/cs.101",
            "/queue/attendance", "/queue/attendance-userabc", "/user/bob/queue/attendance", "/user/queue/other",
            "/topic/simp-user-registry", "/topic/unresolved-user-destination", "/app/x", "topic/attendance/cs101",
            "/TOPIC/attendance/cs101", "/topic/attendance/cs101/extra", "/topic/attendance-class-events",
            "/topic/attendance-delivery-fence"})
    void everythingElseIsRefusedWithAReason(String destination) {
        assertThatThrownBy(() -> Destinations.parseSubscription(destination))
                .isInstanceOf(StompRefusal.class)
                .hasMessageNotContaining("null");
    }

    @Test
    void theApplicationsOwnBrokerTopicsAreNamedInternal() {
        // the class events topic carries every class's events
        assertThatThrownBy(() -> Destinations.parseSubscription("/topic/attendance-class-events"))
                .isInstanceOf(StompRefusal.class).hasMessage("internal destinations are not allowed");
    }

    @Test
    void identifiersLongerThan64AreRefused() {
        assertThatThrownBy(() -> Destinations.parseSubscription("/topic/attendance/" + "x".repeat(65))).isInstanceOf(StompRefusal.class);
    }

    @Test
    void sendOnlyReachesTheApplication() {
        assertThat(Destinations.parseSend("/app/classes/cs101/check-ins")).isEqualTo("/app/classes/cs101/check-ins");
        for (String destination : new String[] {"/topic/attendance/cs101", "/queue/x", "/user/queue/attendance",
                "/app", "/app/", "/app/a/../b", "/app/a*", "/app/a;b", "/app/%61", "/app/a/b/c/d/e/f/g"}) {
            assertThatThrownBy(() -> Destinations.parseSend(destination)).as(destination).isInstanceOf(StompRefusal.class);
        }
    }

    @Test
    void theClassIdIsReadOnlyFromAnExactClassTopic() {
        assertThat(Destinations.classIdOf("/topic/attendance/cs101")).contains("cs101");
        assertThat(Destinations.classIdOf("/topic/attendance/cs101,x")).isEmpty();
        assertThat(Destinations.classIdOf(null)).isEmpty();
    }
}
