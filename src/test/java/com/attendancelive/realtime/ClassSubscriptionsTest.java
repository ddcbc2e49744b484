package com.attendancelive.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.attendancelive.realtime.ClassSubscriptions.Subscriber;
import org.junit.jupiter.api.Test;

class ClassSubscriptionsTest {

    private final ClassSubscriptions subscriptions = new ClassSubscriptions();

    @Test
    void aClassHasTheSubscriptionsMadeToIt() {
        subscriptions.add("s1", "sub-0", "cs101");
        subscriptions.add("s1", "sub-1", "math201");
        subscriptions.add("s2", "sub-0", "cs101");

        assertThat(subscriptions.ofClass("cs101")).containsExactlyInAnyOrder(new Subscriber("s1", "sub-0"), new Subscriber("s2", "sub-0"));
        assertThat(subscriptions.ofClass("math201")).containsExactly(new Subscriber("s1", "sub-1"));
        assertThat(subscriptions.ofClass("bio1")).isEmpty();
    }

    @Test
    void removingASubscriptionLeavesTheSessionsOthers() {
        subscriptions.add("s1", "sub-0", "cs101");
        subscriptions.add("s1", "sub-1", "math201");

        assertThat(subscriptions.remove("s1", "sub-0")).isTrue();
        assertThat(subscriptions.remove("s1", "sub-0")).as("already removed").isFalse();
        assertThat(subscriptions.remove("s1", "unknown")).isFalse();
        assertThat(subscriptions.remove("s9", "sub-1")).isFalse();
        assertThat(subscriptions.ofClass("cs101")).isEmpty();
        assertThat(subscriptions.ofClass("math201")).containsExactly(new Subscriber("s1", "sub-1"));
    }

    @Test
    void anIdUsedAgainReplacesItsEarlierClass() {
        subscriptions.add("s1", "sub-0", "cs101");
        subscriptions.add("s1", "sub-0", "math201");

        assertThat(subscriptions.ofClass("cs101")).isEmpty();
        assertThat(subscriptions.ofClass("math201")).containsExactly(new Subscriber("s1", "sub-0"));
    }

    @Test
    void aSessionThatEndsLeavesNothingBehind() {
        subscriptions.add("s1", "sub-0", "cs101");
        subscriptions.add("s1", "sub-1", "math201");
        subscriptions.add("s2", "sub-0", "cs101");

        assertThat(subscriptions.removeSession("s1")).isTrue();
        assertThat(subscriptions.removeSession("s1")).isFalse();
        assertThat(subscriptions.sessions()).containsExactly("s2");
        assertThat(subscriptions.ofClass("cs101")).containsExactly(new Subscriber("s2", "sub-0"));
        assertThat(subscriptions.ofClass("math201")).isEmpty();
    }
}
