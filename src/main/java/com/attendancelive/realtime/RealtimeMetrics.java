package com.attendancelive.realtime;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/** What the delivery of events to this instance's subscribers does: its broker connection, repeats, database reads. */
@Component
class RealtimeMetrics implements MeterBinder {

    private final ClassFeeds feeds;
    private final ObjectProvider<BrokerLink> broker;
    private final PlainAttendanceSocket plainRoute;

    RealtimeMetrics(ClassFeeds feeds, ObjectProvider<BrokerLink> broker, PlainAttendanceSocket plainRoute) {
        this.feeds = feeds;
        this.broker = broker;
        this.plainRoute = plainRoute;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("attendance.broker.connections", broker, link -> link.stream().mapToInt(BrokerLink::connections).sum())
                .description("TCP connections this instance holds to the broker: one at most, whatever the number of sessions")
                .register(registry);
        FunctionCounter.builder("attendance.realtime.events.repeated", feeds, ClassFeeds::repeatsDropped)
                .description("Events that arrived again (broker repeats, this instance's own events coming back) and were dropped")
                .register(registry);
        FunctionCounter.builder("attendance.realtime.events.from-database", feeds, ClassFeeds::filledFromDatabase)
                .description("Events read from the database because the broker did not bring them (a gap, a lost message, an outage)")
                .register(registry);
        Gauge.builder("attendance.plain.sessions", plainRoute, PlainAttendanceSocket::openSessions)
                .description("Open sessions of the plain WebSocket route /ws/attendance/{classId}")
                .register(registry);
        for (int code : PlainAttendanceSocket.CLOSE_CODES) {
            FunctionCounter.builder("attendance.plain.sessions.closed", plainRoute, socket -> socket.closedByServer(code))
                    .tag("code", String.valueOf(code))
                    .description("Plain route sessions the server closed, by close code")
                    .register(registry);
        }
    }
}
