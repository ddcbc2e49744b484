package com.attendancelive.realtime;

import com.attendancelive.shared.Protocol;
import java.security.Principal;
import java.util.regex.Matcher;

/** What a STOMP subscription kept by {@link LocalSubscribers} receives: one class's events, or the user's own. */
record SubscriptionTarget(String key, boolean classTopic, Long afterSeq) {

    SubscriptionTarget(String key, boolean classTopic) {
        this(key, classTopic, null);
    }

    String destination() {
        return classTopic ? Protocol.CLASS_TOPIC_PREFIX + key : Protocol.USER_ATTENDANCE;
    }

    /** The subscription's target if it is one kept here, else null. */
    static SubscriptionTarget of(String destination, Principal user, String afterSeq) {
        if (Protocol.USER_ATTENDANCE.equals(destination)) {
            return user == null ? null : new SubscriptionTarget(user.getName(), false);
        }
        if (destination == null || !destination.startsWith(Protocol.CLASS_TOPIC_PREFIX)) {
            return null;
        }
        Matcher matcher = Protocol.CLASS_TOPIC.matcher(destination);
        if (!matcher.matches()) {
            // the security module refuses these first; never let one through
            throw new IllegalArgumentException("not a class topic");
        }
        return new SubscriptionTarget(matcher.group(1), true, afterSeq == null ? null : Long.valueOf(afterSeq));
    }
}
