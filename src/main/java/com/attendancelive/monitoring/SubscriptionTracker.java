package com.attendancelive.monitoring;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.context.event.EventListener;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;
import org.springframework.web.socket.messaging.SessionSubscribeEvent;
import org.springframework.web.socket.messaging.SessionUnsubscribeEvent;

/**
 * Counts the live STOMP subscriptions of this instance. Spring publishes these events only for
 * frames that passed the inbound channel's interceptors, so a refused SUBSCRIBE is not counted.
 */
@Component
class SubscriptionTracker {

    private final Map<String, AtomicInteger> perSession = new ConcurrentHashMap<>();
    private final AtomicLong total = new AtomicLong();

    @EventListener
    void onSubscribe(SessionSubscribeEvent event) {
        String session = SimpMessageHeaderAccessor.getSessionId(event.getMessage().getHeaders());
        if (session != null) {
            perSession.computeIfAbsent(session, id -> new AtomicInteger()).incrementAndGet();
            total.incrementAndGet();
        }
    }

    @EventListener
    void onUnsubscribe(SessionUnsubscribeEvent event) {
        String session = SimpMessageHeaderAccessor.getSessionId(event.getMessage().getHeaders());
        AtomicInteger count = session == null ? null : perSession.get(session);
        if (count != null && count.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            total.decrementAndGet();
        }
    }

    @EventListener
    void onDisconnect(SessionDisconnectEvent event) {
        AtomicInteger count = perSession.remove(event.getSessionId());
        if (count != null) {
            total.addAndGet(-count.get());
        }
    }

    long subscriptions() {
        return total.get();
    }
}
