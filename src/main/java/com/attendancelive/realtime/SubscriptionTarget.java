package com.attendancelive.realtime;

import java.security.Principal;
import java.util.regex.Matcher;

/** What a STOMP subscription kept by {@link LocalSubscribers} receives: one class's events, or the user's own. */
record SubscriptionTarget(String key, boolean classTopic, Long afterSeq) {

    SubscriptionTarget(String key, boolean classTopic) {
        this(key, classTopic, null);
    }

    String destination() {
        return classTopic ? LocalSubscribers.CLASS_TOPIC + key : LocalSubscribers.USER_ATTENDANCE;
    }

    /** The subscription's target if it is one kept here, else null. */
    static SubscriptionTarget of(String destination, Principal user, String afterSeq) {
        if (LocalSubscribers.USER_ATTENDANCE.equals(destination)) {
            return user == null ? null : new SubscriptionTarget(user.getName(), false);
        }
        if (destination == null || !destination.startsWith(LocalSubscribers.CLASS_TOPIC)) {
            return null;
        }
        Matcher matcher = LocalSubscribers.CLASS_TOPIC_PATTERN.matcher(destination);
        if (!matcher.matches()) {
            // the security module refuses these first; never let one through
            throw new IllegalArgumentException("not a class topic");
        }
        return new SubscriptionTarget(matcher.group(1), true, afterSeq == null ? null : Long.valueOf(afterSeq));
    }
}
