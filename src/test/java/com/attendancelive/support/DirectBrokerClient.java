package com.attendancelive.support;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.springframework.messaging.converter.StringMessageConverter;
import org.springframework.messaging.simp.stomp.ReactorNettyTcpStompClient;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.MimeTypeUtils;

/** A STOMP client on the broker's TCP port, bypassing the application: proof that a message crossed the broker. */
public final class DirectBrokerClient implements AutoCloseable {

    /**
     * How the application's class events travel on the broker: one topic for every class, the class
     * in a header (the realtime module's {@code ClassTopicFanOut}, whose test checks these names).
     */
    public static final String CLASS_EVENTS = "/topic/attendance-class-events";
    public static final String CLASS_HEADER = "attendanceClass";

    private final ReactorNettyTcpStompClient client;
    private final StompSession session;
    private final ThreadPoolTaskScheduler receiptTimer = new ThreadPoolTaskScheduler();

    public DirectBrokerClient(String host, int port) {
        client = new ReactorNettyTcpStompClient(host, port);
        // Bodies arrive as text whether they are text/plain or application/json (attendance events).
        client.setMessageConverter(new StringMessageConverter() {
            {
                addSupportedMimeTypes(MimeTypeUtils.APPLICATION_JSON);
            }
        });
        receiptTimer.initialize();
        client.setTaskScheduler(receiptTimer);
        try {
            StompHeaders headers = new StompHeaders();
            headers.setLogin("guest");
            headers.setPasscode("guest");
            session = client.connectAsync(headers, new StompSessionHandlerAdapter() { }).get(10, TimeUnit.SECONDS);
        }
        catch (Exception ex) {
            throw new IllegalStateException("Direct STOMP connect to " + host + ":" + port + " failed", ex);
        }
    }

    /** Subscribes with a receipt, so the subscription is active on the broker when this returns. */
    public BlockingQueue<String> subscribe(String destination) throws InterruptedException {
        return subscribe(destination, headers -> true);
    }

    /** The class's events on their way through the broker. */
    public BlockingQueue<String> subscribeToClass(String classId) throws InterruptedException {
        return subscribe(CLASS_EVENTS, headers -> classId.equals(headers.getFirst(CLASS_HEADER)));
    }

    private BlockingQueue<String> subscribe(String destination, Predicate<StompHeaders> accepted) throws InterruptedException {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        session.setAutoReceipt(true);
        CountDownLatch subscribed = new CountDownLatch(1);
        StompSession.Subscription subscription = session.subscribe(destination, TextFrames.handler((headers, payload) -> {
            if (accepted.test(headers)) {
                received.add(payload);
            }
        }));
        subscription.addReceiptTask(subscribed::countDown);
        if (!subscribed.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("No receipt for SUBSCRIBE " + destination);
        }
        return received;
    }

    public void send(String destination, String body) {
        session.send(destination, body);
    }

    /** Publishes an event for the class as the application does, for every instance's subscribers. */
    public void sendToClass(String classId, String body) {
        StompHeaders headers = new StompHeaders();
        headers.setDestination(CLASS_EVENTS);
        headers.set(CLASS_HEADER, classId);
        session.send(headers, body);
    }

    @Override
    public void close() {
        if (session.isConnected()) {
            session.disconnect();
        }
        client.shutdown();
        receiptTimer.shutdown();
    }
}
