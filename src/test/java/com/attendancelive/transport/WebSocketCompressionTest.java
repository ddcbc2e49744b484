package com.attendancelive.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.attendancelive.support.Http;
import com.attendancelive.support.RunningAppTest;
import com.attendancelive.support.StompTestClient;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * With {@code attendance.capacity.web-socket-compression=true} a session uses permessage-deflate
 * when the client offers it, as every browser does (declined by default: {@link StompCapacityTest}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "attendance.capacity.web-socket-compression=true")
@ActiveProfiles("test")
class WebSocketCompressionTest extends RunningAppTest {

    @Test
    void aClientsOfferOfCompressionIsAcceptedWhenConfigured() throws Exception {
        Http.awaitReady(port);
        WebSocketSession session = openOfferingCompression(port);
        try {
            assertThat(session.getExtensions()).extracting(WebSocketExtension::getName).containsExactly("permessage-deflate");
        }
        finally {
            session.close();
        }
    }

    /** A WebSocket session on {@code /ws} whose handshake offers permessage-deflate, as browsers send it. */
    static WebSocketSession openOfferingCompression(int port) throws Exception {
        WebSocketHttpHeaders headers = new WebSocketHttpHeaders();
        headers.setSecWebSocketExtensions(List.of(new WebSocketExtension("permessage-deflate")));
        return StompTestClient.tomcatWebSocketClient()
                .execute(new TextWebSocketHandler(), headers, URI.create("ws://127.0.0.1:" + port + "/ws"))
                .get(10, TimeUnit.SECONDS);
    }
}
