package com.attendancelive.shared;

import java.util.regex.Pattern;

/** The names and the identifier grammar clients see (docs/contract.md), defined once for every module. */
public final class Protocol {

    /** The grammar of class ids and user names, as quoted in the messages clients see. */
    public static final String IDENTIFIER_GRAMMAR = "[A-Za-z0-9_-]{1,64}";
    public static final Pattern IDENTIFIER = Pattern.compile(IDENTIFIER_GRAMMAR);

    /** The STOMP over WebSocket endpoint. */
    public static final String STOMP_ENDPOINT = "/ws";
    /** The plain WebSocket route, followed by {@code /{classId}}. */
    public static final String PLAIN_ROUTE = "/ws/attendance";

    /** A class's live channel, followed by the class id. */
    public static final String CLASS_TOPIC_PREFIX = "/topic/attendance/";
    /** A class topic; group 1 is the class id. */
    public static final Pattern CLASS_TOPIC = Pattern.compile(Pattern.quote(CLASS_TOPIC_PREFIX) + "(" + IDENTIFIER_GRAMMAR + ")");
    /** A user's own events (check-in results), per session. */
    public static final String USER_ATTENDANCE = "/user/queue/attendance";
    /** A user's own errors, per session. */
    public static final String USER_ERRORS = "/user/queue/errors";
    /** Where frames to the application go. */
    public static final String APP_PREFIX = "/app";
    /** Where user destinations start. */
    public static final String USER_PREFIX = "/user";

    private Protocol() {
    }
}
