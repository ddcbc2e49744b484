package com.attendancelive.security;

import com.attendancelive.shared.Protocol;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one grammar for client destinations, applied to the raw destination string before any
 * other rule: brokers give {@code * > # ,} meaning, and Spring's path matching decodes {@code %xx}
 * and drops {@code ;params} before a rule would see them. Only these exact forms pass.
 */
final class Destinations {

    /** Application destinations: {@code /app/} and one to six identifier segments. */
    private static final Pattern APP = Pattern.compile(Pattern.quote(Protocol.APP_PREFIX) + "(/" + Protocol.IDENTIFIER_GRAMMAR + "){1,6}");
    private static final int MAX_LENGTH = 512;

    private Destinations() {
    }

    /** What a SUBSCRIBE may name. */
    sealed interface Subscription permits ClassTopic, OwnQueue {
    }

    record ClassTopic(String classId) implements Subscription {
    }

    record OwnQueue(String destination) implements Subscription {
    }

    static Subscription parseSubscription(String destination) {
        refuseHostileCharacters(destination);
        Matcher classTopic = Protocol.CLASS_TOPIC.matcher(destination);
        if (classTopic.matches()) {
            return new ClassTopic(classTopic.group(1));
        }
        if (Protocol.USER_ATTENDANCE.equals(destination) || Protocol.USER_ERRORS.equals(destination)) {
            return new OwnQueue(destination);
        }
        if (destination.startsWith("/queue/") || destination.equals("/queue")) {
            throw new StompRefusal("raw /queue destinations are not allowed: subscribe to /user/queue/attendance or /user/queue/errors");
        }
        if (destination.startsWith("/topic/simp-user-registry") || destination.startsWith("/topic/unresolved-user-destination")
                || destination.startsWith("/topic/attendance-")) {
            throw new StompRefusal("internal destinations are not allowed");
        }
        if (destination.startsWith("/user/")) {
            throw new StompRefusal("unknown user destination: only /user/queue/attendance and /user/queue/errors");
        }
        if (destination.startsWith("/app/")) {
            throw new StompRefusal("SUBSCRIBE to /app destinations is not allowed");
        }
        throw new StompRefusal("destination not allowed: subscribe to /topic/attendance/{classId}, "
                + "/user/queue/attendance or /user/queue/errors");
    }

    /** What a SEND may name: only application destinations, never the broker. */
    static String parseSend(String destination) {
        refuseHostileCharacters(destination);
        if (APP.matcher(destination).matches()) {
            return destination;
        }
        if (destination.startsWith("/topic") || destination.startsWith("/queue") || destination.startsWith("/user")) {
            throw new StompRefusal("SEND to broker destinations is not allowed: only /app/... reaches the application");
        }
        throw new StompRefusal("destination not allowed: SEND to /app/... only");
    }

    static Optional<String> classIdOf(String destination) {
        if (destination == null) {
            return Optional.empty();
        }
        Matcher classTopic = Protocol.CLASS_TOPIC.matcher(destination);
        return classTopic.matches() ? Optional.of(classTopic.group(1)) : Optional.empty();
    }

    /** Clear reasons for the tricks brokers and path matchers would otherwise act on. */
    private static void refuseHostileCharacters(String destination) {
        if (destination == null || destination.isEmpty()) {
            throw new StompRefusal("missing destination header");
        }
        if (destination.length() > MAX_LENGTH) {
            throw new StompRefusal("destination too long");
        }
        for (int i = 0; i < destination.length(); i++) {
            char c = destination.charAt(i);
            if (c == '*' || c == '>' || c == '#') {
                throw new StompRefusal("wildcard destinations are not allowed");
            }
            if (c == ',') {
                throw new StompRefusal("composite destinations are not allowed");
            }
            if (c == '%') {
                throw new StompRefusal("percent-encoded destinations are not allowed");
            }
            if (c == ';') {
                throw new StompRefusal("destination parameters (;) are not allowed");
            }
            if (c == '?') {
                throw new StompRefusal("destination options (?) are not allowed");
            }
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                throw new StompRefusal("whitespace or control characters in destinations are not allowed");
            }
            if (c > 0x7e) {
                throw new StompRefusal("non-ASCII destinations are not allowed");
            }
        }
        if (destination.contains("..") || destination.contains("//") || destination.endsWith("/")) {
            throw new StompRefusal("destination is not in canonical form");
        }
    }
}
