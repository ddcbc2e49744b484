package com.attendancelive.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.attendancelive.support.Http;
import com.attendancelive.support.RawStompClient;
import com.attendancelive.support.TestLogin;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;

/**
 * Each client channel has its own threads, and the per-session buffers are the defaults: 1 KB for
 * Tomcat's socket buffers, WebSocket frame buffers and the session's message buffers (Spring's STOMP
 * handler would raise the text buffer to 16 KB + 256 characters). A WebSocket message larger than the
 * buffers is served, handed over in pieces; one over the STOMP frame limit gets an ERROR and the
 * session closes. A client's offer of permessage-deflate is declined.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class StompCapacityTest {

    private static final int BUFFER = 1024;
    /** attendance.security.max-frame-size's default. */
    private static final int MAX_FRAME = 16 * 1024;

    @LocalServerPort
    int port;

    @Autowired
    WebServerApplicationContext context;

    @Autowired
    @Qualifier("clientInboundChannelExecutor")
    Executor inboundThreads;

    @Autowired
    @Qualifier("clientOutboundChannelExecutor")
    Executor outboundThreads;

    /** Not the event delivery threads, which Spring Boot would give both channels (its only AsyncTaskExecutor). */
    @Test
    void eachClientChannelHasItsOwnThreads() {
        int springDefault = 2 * Runtime.getRuntime().availableProcessors();
        assertThat(inboundThreads).isInstanceOfSatisfying(ThreadPoolTaskExecutor.class, pool -> {
            assertThat(pool.getThreadNamePrefix()).isEqualTo("clientInboundChannel-");
            assertThat(pool.getCorePoolSize()).isEqualTo(springDefault);
        });
        assertThat(outboundThreads).isInstanceOfSatisfying(ThreadPoolTaskExecutor.class, pool -> {
            assertThat(pool.getThreadNamePrefix()).isEqualTo("clientOutboundChannel-");
            assertThat(pool.getCorePoolSize()).isEqualTo(springDefault);
        });
    }

    @Test
    void tomcatsConnectionAndWebSocketFrameBuffersAreOneKilobyte() {
        Connector connector = ((TomcatWebServer) context.getWebServer()).getTomcat().getConnector();
        assertThat(connector.getProperty("socket.appReadBufSize")).hasToString("1024");
        assertThat(connector.getProperty("socket.appWriteBufSize")).hasToString("1024");
        assertThat(System.getProperty(TransportConfiguration.TOMCAT_WEB_SOCKET_BUFFER_SIZE)).isEqualTo("1024");
    }

    @Test
    void aClientsOfferOfCompressionIsDeclined() throws Exception {
        Http.awaitReady(port);
        WebSocketSession session = WebSocketCompressionTest.openOfferingCompression(port);
        try {
            assertThat(session.getExtensions()).isEmpty();
        }
        finally {
            session.close();
        }
    }

    @Test
    void aWebSocketMessageThatFitsTheBufferIsServed() {
        assertConnectedWithOneMessageOf(BUFFER);
    }

    @Test
    void aWebSocketMessageManyTimesTheBufferIsServedInPieces() {
        assertConnectedWithOneMessageOf(8 * BUFFER + 1);
        assertConnectedWithOneMessageOf(MAX_FRAME);
    }

    @Test
    void aWebSocketMessageOverTheFrameLimitGetsAnErrorAndClosesTheSession() {
        Http.awaitReady(port);
        try (RawStompClient client = RawStompClient.open(port)) {
            try {
                client.send(connectFrameOfLength(MAX_FRAME + BUFFER));
            }
            catch (CompletionException closedWhileSending) {
                // the server closed first
            }
            RawStompClient.Closed closed = client.awaitClosed(10);
            assertThat(closed).isNotNull();
            assertThat(client.received()).noneMatch(frame -> frame.command().equals("CONNECTED"));
            assertThat(client.received()).filteredOn(frame -> frame.command().equals("ERROR")).singleElement()
                    .satisfies(error -> assertThat(error.header("message")).contains("too large"));
        }
    }

    private void assertConnectedWithOneMessageOf(int length) {
        Http.awaitReady(port);
        try (RawStompClient client = RawStompClient.open(port)) {
            client.send(connectFrameOfLength(length));
            RawStompClient.Frame answer = client.next(10);
            assertThat(answer).as("answer to a CONNECT of %d characters", length).isNotNull();
            assertThat(answer.command()).isEqualTo("CONNECTED");
        }
    }

    /** A valid CONNECT, padded to exactly {@code length} characters with a header the server drops. */
    private String connectFrameOfLength(int length) {
        String head = "CONNECT\naccept-version:1.2\nheart-beat:0,0\nAuthorization:"
                + TestLogin.bearer(port, "admin") + "\nx-padding:";
        String tail = "\n\n\0";
        return head + "p".repeat(length - head.length() - tail.length()) + tail;
    }
}
