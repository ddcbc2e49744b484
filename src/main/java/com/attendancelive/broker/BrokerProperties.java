package com.attendancelive.broker;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code attendance.broker.*}: the broker that carries attendance events between instances. An
 * instance holds one STOMP connection to it, however many WebSocket sessions it serves.
 *
 * @param mode           embedded, external or simple
 * @param host           the broker's STOMP host (embedded: the address it binds)
 * @param port           the broker's STOMP port; {@code 0} lets the embedded broker pick a free one
 * @param login          credentials of the instance's connection to an external broker
 * @param passcode       see {@code login}
 * @param virtualHost    STOMP {@code host} header sent on CONNECT (RabbitMQ's virtual host), if any
 * @param heartbeat      heart-beat interval of that connection, both ways, and of client sessions
 * @param maxConnections connection limit of the embedded broker's STOMP connector (instances, not sessions, connect)
 * @param receiptTimeout how long a published event waits for the broker's RECEIPT before its
 *                       publication is left incomplete, to be sent again
 */
@Validated
@ConfigurationProperties("attendance.broker")
public record BrokerProperties(
        @NotNull @DefaultValue("embedded") BrokerMode mode,
        @NotBlank @DefaultValue("127.0.0.1") String host,
        @Min(0) @Max(65535) @DefaultValue("61613") int port,
        @DefaultValue("guest") String login,
        @DefaultValue("guest") String passcode,
        String virtualHost,
        @NotNull @DefaultValue("10s") Duration heartbeat,
        @Min(1) @DefaultValue("100") int maxConnections,
        @NotNull @DefaultValue("5s") Duration receiptTimeout) {

    public BrokerProperties {
        if (mode == BrokerMode.EXTERNAL && port == 0) {
            throw new IllegalArgumentException(
                    "attendance.broker.port=0 (any free port) only works with attendance.broker.mode=embedded");
        }
    }
}
