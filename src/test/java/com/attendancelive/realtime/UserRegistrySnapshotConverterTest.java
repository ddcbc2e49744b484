package com.attendancelive.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.MimeTypeUtils;

class UserRegistrySnapshotConverterTest {

    private final BrokerInteroperability.UserRegistrySnapshotConverter converter =
            new BrokerInteroperability.UserRegistrySnapshotConverter();

    @Test
    void leavesEveryOtherPayloadToTheApplicationsConverters() {
        MessageHeaders json = new MessageHeaders(Map.of(MessageHeaders.CONTENT_TYPE, MimeTypeUtils.APPLICATION_JSON));
        assertThat(converter.toMessage("plain text", json)).isNull();
        assertThat(converter.toMessage(Map.of("a", 1), json)).isNull();
        Message<byte[]> body = MessageBuilder.withPayload("{\"a\":1}".getBytes(StandardCharsets.UTF_8))
                .setHeader(MessageHeaders.CONTENT_TYPE, MimeTypeUtils.APPLICATION_JSON).build();
        assertThat(converter.fromMessage(body, Map.class)).isNull();
    }

    @Test
    void readsASnapshotWithThePrincipalPropertySpringWrites() throws Exception {
        Class<?> snapshotType = Class.forName(BrokerInteroperability.UserRegistrySnapshotConverter.SNAPSHOT_CLASS);
        String snapshot = "{\"id\":\"other-instance\",\"userMap\":{\"dave\":{\"name\":\"dave\",\"principal\":null,"
                + "\"sessions\":[{\"id\":\"s1\",\"subscriptions\":[{\"id\":\"0\",\"destination\":\"/user/queue/attendance\"}]}]}}}";
        Message<byte[]> message = MessageBuilder.withPayload(snapshot.getBytes(StandardCharsets.UTF_8))
                .setHeader(MessageHeaders.CONTENT_TYPE, MimeTypeUtils.APPLICATION_JSON).build();
        Object read = converter.fromMessage(message, snapshotType);
        assertThat(read).isNotNull();
        assertThat(read.toString()).contains("dave");
    }
}
