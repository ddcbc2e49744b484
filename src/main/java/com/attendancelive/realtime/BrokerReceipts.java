package com.attendancelive.realtime;

import com.attendancelive.broker.BrokerMode;
import com.attendancelive.broker.BrokerProperties;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageDeliveryException;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.messaging.tcp.ReconnectStrategy;
import org.springframework.messaging.tcp.TcpConnection;
import org.springframework.messaging.tcp.TcpConnectionHandler;
import org.springframework.messaging.tcp.TcpOperations;
import org.springframework.stereotype.Component;

/**
 * Confirms that the broker has taken what this instance sent on the relay's shared "system"
 * connection, so that a class's delivery cursor only moves past events the broker has queued.
 *
 * <p>The broker handles one connection's frames in order and answers a SEND that carries a
 * {@code receipt} header only once it has handled it. A "fence" SEND with a receipt, sent after a
 * class's events, therefore confirms all of them. Without it, two instances draining the same class
 * one after the other could have their messages overtake each other on the way to the broker (each
 * instance has its own connection), and subscribers would see seq 20 before 19.
 *
 * <p>Spring's relay drops RECEIPT frames on the system connection, so they are read here, from a
 * wrapper around the relay's TCP client. Only the system connection is watched (the relay connects
 * it with a reconnect strategy and client sessions without), so a client cannot answer a fence.
 * A fence only confirms sends made on the same connection: when the connection closes or is
 * replaced between the sends and the receipt, the confirmation fails.
 *
 * <p>With the simple broker there is nothing to confirm: it hands a message to its subscribers'
 * queues on the sending thread.
 */
@Component
class BrokerReceipts {

    /** Nobody subscribes here (clients may not: see the security module's destination grammar). */
    static final String FENCE_DESTINATION = "/topic/attendance-delivery-fence";
    private static final String RECEIPT_PREFIX = "attendance-fence-";

    private final boolean relayed;
    private final Duration timeout;
    private final AtomicLong receiptIds = new AtomicLong();
    private final Map<String, CompletableFuture<Void>> awaited = new ConcurrentHashMap<>();
    /** Changes whenever the system connection opens or closes. */
    private final AtomicLong connectionGeneration = new AtomicLong();

    BrokerReceipts(BrokerProperties broker) {
        this.relayed = broker.mode() != BrokerMode.SIMPLE;
        this.timeout = broker.receiptTimeout();
    }

    /** The relay's TCP client, with the system connection's RECEIPT frames read on the way in. */
    TcpOperations<byte[]> watchSystemConnection(TcpOperations<byte[]> client) {
        return new TcpOperations<>() {
            @Override
            public CompletableFuture<@Nullable Void> connectAsync(TcpConnectionHandler<byte[]> handler) {
                return client.connectAsync(handler);
            }

            @Override
            public CompletableFuture<@Nullable Void> connectAsync(TcpConnectionHandler<byte[]> handler,
                    ReconnectStrategy reconnectStrategy) {
                return client.connectAsync(new SystemConnectionWatcher(handler), reconnectStrategy);
            }

            @Override
            public CompletableFuture<@Nullable Void> shutdownAsync() {
                return client.shutdownAsync();
            }

            @Override
            public String toString() {
                return client.toString();
            }
        };
    }

    /**
     * Headers for a send that a fence will confirm. Spring's relay otherwise blocks the sending thread
     * until each message's TCP write has completed ({@code simpIgnoreError} lifts that, as Spring's own
     * broadcasts do); a failed write closes the connection, and the fence then fails.
     */
    static MessageHeaders pipelined() {
        return pipelinedHeaders().getMessageHeaders();
    }

    private static SimpMessageHeaderAccessor pipelinedHeaders() {
        SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.create();
        headers.setHeader(SimpMessageHeaderAccessor.IGNORE_ERROR, true);
        // SimpMessagingTemplate adds the destination and content type to these headers
        headers.setLeaveMutable(true);
        return headers;
    }

    /** Call before sending what is to be confirmed. */
    Fence beginFence() {
        return new Fence(connectionGeneration.get());
    }

    final class Fence {

        private final long generation;

        private Fence(long generation) {
            this.generation = generation;
        }

        /**
         * Sends the fence through {@code messaging} and waits for the broker's receipt.
         *
         * @throws MessageDeliveryException when the broker does not confirm in time, or the system
         *                                  connection changed since {@link #beginFence()}
         */
        void confirm(SimpMessagingTemplate messaging) {
            if (!relayed) {
                return;
            }
            String receiptId = RECEIPT_PREFIX + receiptIds.incrementAndGet();
            CompletableFuture<Void> receipt = new CompletableFuture<>();
            awaited.put(receiptId, receipt);
            try {
                SimpMessageHeaderAccessor headers = pipelinedHeaders();
                headers.setNativeHeader(StompHeaderAccessor.STOMP_RECEIPT_HEADER, receiptId);
                messaging.convertAndSend(FENCE_DESTINATION, "", headers.getMessageHeaders());
                receipt.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new MessageDeliveryException("Interrupted while waiting for the broker's receipt");
            }
            catch (ExecutionException | TimeoutException ex) {
                throw new MessageDeliveryException("The broker did not confirm the sent events within " + timeout
                        + " (" + ex + ")");
            }
            finally {
                awaited.remove(receiptId);
            }
            if (connectionGeneration.get() != generation) {
                throw new MessageDeliveryException(
                        "The relay's broker connection changed while events were being sent; they will be sent again");
            }
        }
    }

    private void connectionChanged() {
        connectionGeneration.incrementAndGet();
        MessageDeliveryException closed = new MessageDeliveryException("The relay's broker connection closed");
        awaited.values().forEach(receipt -> receipt.completeExceptionally(closed));
    }

    private final class SystemConnectionWatcher implements TcpConnectionHandler<byte[]> {

        private final TcpConnectionHandler<byte[]> relay;

        SystemConnectionWatcher(TcpConnectionHandler<byte[]> relay) {
            this.relay = relay;
        }

        @Override
        public void afterConnected(TcpConnection<byte[]> connection) {
            connectionChanged();
            relay.afterConnected(connection);
        }

        @Override
        public void afterConnectFailure(Throwable ex) {
            relay.afterConnectFailure(ex);
        }

        @Override
        public void handleMessage(Message<byte[]> message) {
            StompHeaderAccessor headers = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
            if (headers != null && headers.getCommand() == StompCommand.RECEIPT && headers.getReceiptId() != null) {
                CompletableFuture<Void> receipt = awaited.get(headers.getReceiptId());
                if (receipt != null) {
                    receipt.complete(null);
                }
            }
            relay.handleMessage(message);
        }

        @Override
        public void handleFailure(Throwable ex) {
            connectionChanged();
            relay.handleFailure(ex);
        }

        @Override
        public void afterConnectionClosed() {
            connectionChanged();
            relay.afterConnectionClosed();
        }
    }
}
