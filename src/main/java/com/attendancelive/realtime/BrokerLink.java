package com.attendancelive.realtime;

import com.attendancelive.broker.BrokerAddress;
import com.attendancelive.broker.BrokerProperties;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageDeliveryException;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.simp.stomp.StompReactorNettyCodec;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.messaging.tcp.ReconnectStrategy;
import org.springframework.messaging.tcp.TcpConnection;
import org.springframework.messaging.tcp.TcpConnectionHandler;
import org.springframework.messaging.tcp.reactor.ReactorNettyTcpClient;
import org.springframework.util.MimeTypeUtils;

/**
 * The instance's one STOMP connection to the shared broker, whatever the number of WebSocket
 * sessions. It publishes this instance's committed events to {@value #EVENTS_DESTINATION} and
 * subscribes to that topic, so every event crosses the broker once per instance, and hands what
 * arrives to {@link ClassFeeds}, which orders it and fans it out locally.
 *
 * <p>A publish completes when the broker's RECEIPT for it arrives, and fails while the connection
 * is down or when no receipt comes within {@code attendance.broker.receipt-timeout}: the outbox then
 * keeps the event. The connection reconnects by itself (1 s, doubling up to 10 s); the broker counts
 * as connected once the subscription is confirmed, and {@link BrokerConnectionChanged} says so.
 */
class BrokerLink implements SmartLifecycle, TcpConnectionHandler<byte[]> {

    /** Where events travel on the broker: one topic for every class. Clients may not subscribe to it. */
    static final String EVENTS_DESTINATION = "/topic/attendance-class-events";
    /** Java identifiers, so that every broker keeps them as message properties. */
    static final String CLASS_HEADER = "attendanceClass";
    static final String SEQ_HEADER = "attendanceSeq";
    /** After the embedded broker ({@code EmbeddedActiveMqBroker.PHASE}, 0) and {@link ClassFeeds}; stops before both. */
    static final int PHASE = 1;

    private static final String SUBSCRIBED_RECEIPT = "subscribed";
    private static final byte[] EMPTY = new byte[0];
    private static final Message<byte[]> HEARTBEAT = MessageBuilder.createMessage(new byte[] {'\n'},
            StompHeaderAccessor.createForHeartbeat().getMessageHeaders());
    private static final Logger log = LoggerFactory.getLogger(BrokerLink.class);

    private final BrokerProperties properties;
    private final BrokerAddress address;
    private final ClassFeeds feeds;
    private final ApplicationEventPublisher events;
    private final AtomicLong receiptIds = new AtomicLong();
    private final Map<String, CompletableFuture<Void>> awaitingReceipt = new ConcurrentHashMap<>();
    private volatile @Nullable ReactorNettyTcpClient<byte[]> client;
    private volatile @Nullable TcpConnection<byte[]> connection;
    private volatile boolean subscribed;
    private volatile boolean everConnected;

    BrokerLink(BrokerProperties properties, BrokerAddress address, ClassFeeds feeds, ApplicationEventPublisher events) {
        this.properties = properties;
        this.address = address;
        this.feeds = feeds;
        this.events = events;
    }

    boolean isConnected() {
        return subscribed;
    }

    /** TCP connections this instance holds to the broker: 0 or 1. */
    int connections() {
        return connection == null ? 0 : 1;
    }

    /** Sends a committed event to every instance; completes on the broker's receipt. */
    CompletableFuture<Void> publish(String classId, long seq, String json) {
        TcpConnection<byte[]> current = connection;
        if (current == null || !subscribed) {
            return CompletableFuture.failedFuture(new MessageDeliveryException("No connection to the STOMP broker"));
        }
        String receiptId = String.valueOf(receiptIds.incrementAndGet());
        StompHeaderAccessor headers = StompHeaderAccessor.create(StompCommand.SEND);
        headers.setDestination(EVENTS_DESTINATION);
        headers.setNativeHeader(CLASS_HEADER, classId);
        headers.setNativeHeader(SEQ_HEADER, String.valueOf(seq));
        headers.setContentType(MimeTypeUtils.APPLICATION_JSON);
        headers.setReceipt(receiptId);
        CompletableFuture<Void> receipt = new CompletableFuture<>();
        awaitingReceipt.put(receiptId, receipt);
        current.sendAsync(MessageBuilder.createMessage(json.getBytes(StandardCharsets.UTF_8), headers.getMessageHeaders()))
                .whenComplete((sent, ex) -> {
                    if (ex != null) {
                        receipt.completeExceptionally(ex);
                    }
                });
        return receipt.orTimeout(properties.receiptTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((done, ex) -> awaitingReceipt.remove(receiptId));
    }

    @Override
    public void afterConnected(TcpConnection<byte[]> connection) {
        this.connection = connection;
        StompHeaderAccessor connect = StompHeaderAccessor.create(StompCommand.CONNECT);
        connect.setAcceptVersion("1.2");
        connect.setLogin(properties.login());
        connect.setPasscode(properties.passcode());
        long heartbeat = properties.heartbeat().toMillis();
        connect.setHeartbeat(heartbeat, heartbeat);
        if (properties.virtualHost() != null) {
            connect.setHost(properties.virtualHost());
        }
        send(connection, connect);
    }

    @Override
    public void afterConnectFailure(Throwable ex) {
        if (everConnected) {
            log.debug("Connecting to the STOMP broker failed: {}", ex.toString());
        }
        else {
            log.warn("Connecting to the STOMP broker at {} failed; retrying: {}", address.socketAddress(), ex.toString());
        }
    }

    @Override
    public void handleMessage(Message<byte[]> message) {
        StompHeaderAccessor headers = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
        if (headers == null || headers.getCommand() == null) {
            return; // heart-beat
        }
        switch (headers.getCommand()) {
            case CONNECTED -> subscribe(headers);
            case RECEIPT -> receipt(headers.getReceiptId());
            case MESSAGE -> event(message);
            case ERROR -> {
                log.warn("The STOMP broker sent an ERROR: {}", headers.getMessage());
                closeConnection();
            }
            default -> log.debug("Ignored {} from the STOMP broker", headers.getCommand());
        }
    }

    private void subscribe(StompHeaderAccessor connected) {
        TcpConnection<byte[]> current = connection;
        if (current == null) {
            return;
        }
        long heartbeat = properties.heartbeat().toMillis();
        long[] server = connected.getHeartbeat();
        if (heartbeat > 0 && server[1] > 0) {
            current.onWriteInactivity(() -> current.sendAsync(HEARTBEAT), Math.max(heartbeat, server[1]));
        }
        if (heartbeat > 0 && server[0] > 0) {
            long interval = Math.max(heartbeat, server[0]) * 3;
            current.onReadInactivity(() -> {
                log.warn("No heart-beat from the STOMP broker in {} ms; reconnecting", interval);
                current.close();
            }, interval);
        }
        StompHeaderAccessor subscribe = StompHeaderAccessor.create(StompCommand.SUBSCRIBE);
        subscribe.setSubscriptionId("events");
        subscribe.setDestination(EVENTS_DESTINATION);
        subscribe.setReceipt(SUBSCRIBED_RECEIPT);
        send(current, subscribe);
    }

    private void receipt(@Nullable String receiptId) {
        if (SUBSCRIBED_RECEIPT.equals(receiptId)) {
            subscribed = true;
            everConnected = true;
            log.info("Connected to the STOMP broker at {}", address.socketAddress());
            changed(true);
            return;
        }
        CompletableFuture<Void> receipt = receiptId == null ? null : awaitingReceipt.get(receiptId);
        if (receipt != null) {
            receipt.complete(null);
        }
    }

    private void event(Message<byte[]> message) {
        try {
            feeds.accept(message.getPayload());
        }
        catch (RuntimeException ex) {
            log.warn("Dropped a message on {} that is not an attendance event: {}", EVENTS_DESTINATION, ex.toString());
        }
    }

    @Override
    public void handleFailure(Throwable ex) {
        log.debug("STOMP broker connection failed: {}", ex.toString());
        lost();
    }

    @Override
    public void afterConnectionClosed() {
        lost();
    }

    private void lost() {
        connection = null;
        boolean wasSubscribed = subscribed;
        subscribed = false;
        MessageDeliveryException closed = new MessageDeliveryException("The STOMP broker connection closed");
        awaitingReceipt.values().forEach(receipt -> receipt.completeExceptionally(closed));
        if (wasSubscribed) {
            log.warn("Lost the STOMP broker connection; reconnecting, and reading events from the database meanwhile");
            changed(false);
        }
    }

    private void changed(boolean connected) {
        feeds.brokerConnected(connected);
        events.publishEvent(new BrokerConnectionChanged(connected));
    }

    private void closeConnection() {
        TcpConnection<byte[]> current = connection;
        if (current != null) {
            current.close();
        }
    }

    private static void send(TcpConnection<byte[]> connection, StompHeaderAccessor headers) {
        connection.sendAsync(MessageBuilder.createMessage(EMPTY, headers.getMessageHeaders()));
    }

    @Override
    public void start() {
        ReactorNettyTcpClient<byte[]> tcp = new ReactorNettyTcpClient<>(
                options -> options.remoteAddress(address::socketAddress), new StompReactorNettyCodec());
        client = tcp;
        feeds.brokerConnected(false);
        tcp.connectAsync(this, new Backoff());
    }

    @Override
    public void stop() {
        ReactorNettyTcpClient<byte[]> tcp = client;
        client = null;
        if (tcp == null) {
            return;
        }
        TcpConnection<byte[]> current = connection;
        if (current != null && subscribed) {
            send(current, StompHeaderAccessor.create(StompCommand.DISCONNECT));
        }
        try {
            tcp.shutdownAsync().get(5, TimeUnit.SECONDS);
        }
        catch (Exception ex) {
            log.debug("The STOMP broker client did not stop cleanly: {}", ex.toString());
        }
    }

    @Override
    public boolean isRunning() {
        return client != null;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** 1 s after a loss, doubling up to 10 s. */
    private static final class Backoff implements ReconnectStrategy {

        @Override
        public Long getTimeToNextAttempt(int attemptCount) {
            return Math.min(10_000L, 1_000L << Math.min(attemptCount, 4));
        }
    }
}
