package com.attendancelive.broker;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code attendance.broker.*}: which broker the STOMP relay talks to.
 *
 * @param mode           embedded, external or simple
 * @param host           the broker's STOMP host (embedded: the address it binds)
 * @param port           the broker's STOMP port; {@code 0} lets the embedded broker pick a free one
 * @param login          credentials of the relay's connections to an external broker
 * @param passcode       see {@code login}
 * @param virtualHost    STOMP {@code host} header sent on CONNECT (RabbitMQ's virtual host), if any
 * @param heartbeat      heart-beat interval of the relay's shared system connection, both ways
 * @param maxConnections connection limit of the embedded broker's STOMP connector
 * @param topicSeparator what separates the words of a topic name on the broker: {@code /} (ActiveMQ
 *                       Classic, Artemis) or {@code .} (RabbitMQ, which refuses {@code /} in topic
 *                       names); clients always use {@code /topic/attendance/{classId}}
 * @param receiptTimeout how long event delivery waits for the broker's RECEIPT confirming what it
 *                       sent before it gives up and leaves the events to be sent again
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
        @Min(1) @DefaultValue("6500") int maxConnections,
        @NotNull @Pattern(regexp = "[/.]", message = "must be / or .") @DefaultValue("/") String topicSeparator,
        @NotNull @DefaultValue("5s") Duration receiptTimeout) {

    public BrokerProperties {
        if (mode == BrokerMode.EXTERNAL && port == 0) {
            throw new IllegalArgumentException(
                    "attendance.broker.port=0 (any free port) only works with attendance.broker.mode=embedded");
        }
    }
}
