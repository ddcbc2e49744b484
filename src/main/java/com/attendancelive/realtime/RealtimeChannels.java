package com.attendancelive.realtime;

import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.WebSocketHandler;

/**
 * What the transport module puts in place for real-time delivery: the interceptors that keep this
 * instance's subscribers ({@link LocalSubscribers}) and the plain route's handler. The transport
 * also provides the executors named here.
 */
@Component
public final class RealtimeChannels {

    /** Threads handing committed events to local subscribers (size: {@code attendance.capacity.delivery-threads}). */
    public static final String DELIVERY_EXECUTOR = AttendanceEventDelivery.EXECUTOR;
    /** Threads writing to the plain route's sessions (the size of the client outbound channel's pool). */
    public static final String PLAIN_SEND_EXECUTOR = EventDeliveryConfiguration.PLAIN_SEND_EXECUTOR;

    private final LocalSubscribers subscribers;
    private final PlainAttendanceSocket plainSocket;

    RealtimeChannels(LocalSubscribers subscribers, PlainAttendanceSocket plainSocket) {
        this.subscribers = subscribers;
        this.plainSocket = plainSocket;
    }

    /** For the client inbound channel, after authorization: SUBSCRIBE, UNSUBSCRIBE and receipts. */
    public ChannelInterceptor subscriptions() {
        return subscribers;
    }

    /** For the client outbound channel: a replay's next message once the previous one is written. */
    public ChannelInterceptor replayPacing() {
        return subscribers.replayPacing();
    }

    /** For the broker channel: what the application sends to class topics and user queues. */
    public ChannelInterceptor fromApplication() {
        return subscribers.fromApplication();
    }

    /** The handler of the plain route {@code /ws/attendance/{classId}}. */
    public WebSocketHandler plainRoute() {
        return plainSocket;
    }
}
