package com.attendancelive.support;

import jakarta.websocket.ContainerProvider;
import jakarta.websocket.WebSocketContainer;
import java.lang.reflect.Type;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.springframework.messaging.converter.StringMessageConverter;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.MimeTypeUtils;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.messaging.WebSocketStompClient;

/** A real STOMP over WebSocket client, as a browser's stomp.js would be, for tests. */
public final class StompTestClient implements AutoCloseable {

    private final WebSocketStompClient client;
    private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();

    public StompTestClient() {
        client = new WebSocketStompClient(tomcatWebSocketClient());
        // Bodies arrive as text whether the server sent text/plain or application/json (attendance events).
        client.setMessageConverter(new StringMessageConverter() {
            {
                addSupportedMimeTypes(MimeTypeUtils.APPLICATION_JSON);
            }
        });
        scheduler.setPoolSize(1);
        scheduler.setThreadNamePrefix("test-stomp-heartbeat-");
        scheduler.initialize();
        client.setTaskScheduler(scheduler);
    }

    /**
     * Tomcat's WebSocket client, taking messages of up to 64 KB. By default it closes (1009) on a
     * message larger than Tomcat's default WebSocket buffer size (8 KB; 1 KB in a JVM that has run the
     * app, which sets {@code org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE}).
     */
    public static StandardWebSocketClient tomcatWebSocketClient() {
        WebSocketContainer container = ContainerProvider.getWebSocketContainer();
        container.setDefaultMaxTextMessageBufferSize(64 * 1024);
        return new StandardWebSocketClient(container);
    }

    /** Connects to {@code ws://localhost:<port>/ws} with the given CONNECT headers (e.g. Authorization). */
    public Connection connect(int port, StompHeaders connectHeaders) {
        Connection connection = new Connection();
        try {
            StompSession session = client.connectAsync("ws://localhost:" + port + "/ws", new WebSocketHttpHeaders(),
                    connectHeaders, connection).get(10, TimeUnit.SECONDS);
            connection.session = session;
            return connection;
        }
        catch (Exception ex) {
            throw new IllegalStateException("STOMP connect failed: " + ex.getMessage(), ex);
        }
    }

    public Connection connect(int port) {
        return connect(port, new StompHeaders());
    }

    @Override
    public void close() {
        client.stop();
        scheduler.shutdown();
    }

    /** One STOMP session: received messages per subscription, ERROR frames and transport errors. */
    public static final class Connection extends StompSessionHandlerAdapter implements AutoCloseable {

        private volatile StompSession session;
        private final BlockingQueue<String> errors = new LinkedBlockingQueue<>();
        private final List<Throwable> failures = new CopyOnWriteArrayList<>();

        public StompSession session() {
            return session;
        }

        /**
         * Subscribes and returns the queue that each message body lands in. Asks for a RECEIPT and
         * waits for it, so the subscription is active on the broker when this returns.
         */
        public BlockingQueue<String> subscribe(String destination) {
            return subscribeWithoutReceipt(destination, true);
        }

        /** Subscribes without waiting: for subscriptions the server is expected to refuse. */
        public BlockingQueue<String> subscribeWithoutReceipt(String destination) {
            return subscribeWithoutReceipt(destination, false);
        }

        private BlockingQueue<String> subscribeWithoutReceipt(String destination, boolean awaitReceipt) {
            BlockingQueue<String> received = new LinkedBlockingQueue<>();
            StompHeaders headers = new StompHeaders();
            headers.setDestination(destination);
            if (awaitReceipt) {
                headers.setReceipt(UUID.randomUUID().toString());
            }
            CountDownLatch receipted = new CountDownLatch(1);
            StompSession.Subscription subscription = session.subscribe(headers, TextFrames.handler(received::add));
            if (awaitReceipt) {
                subscription.addReceiptTask(receipted::countDown);
                try {
                    if (!receipted.await(10, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("No RECEIPT for SUBSCRIBE " + destination);
                    }
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(ex);
                }
            }
            return received;
        }

        /** ERROR frames: their {@code message} header, then the body. */
        public BlockingQueue<String> errors() {
            return errors;
        }

        public boolean isConnected() {
            return session != null && session.isConnected();
        }

        @Override
        public void handleException(StompSession s, StompCommand command, StompHeaders headers, byte[] payload,
                Throwable exception) {
            failures.add(exception);
        }

        @Override
        public void handleTransportError(StompSession s, Throwable exception) {
            failures.add(exception);
        }

        @Override
        public Type getPayloadType(StompHeaders headers) {
            return String.class;
        }

        @Override
        public void handleFrame(StompHeaders headers, Object payload) {
            // Frames with no subscription: ERROR frames.
            errors.add(headers.getFirst("message") + (payload == null ? "" : "\n" + payload));
        }

        public List<Throwable> failures() {
            return failures;
        }

        @Override
        public void close() {
            if (session != null && session.isConnected()) {
                session.disconnect();
            }
        }
    }
}
