package com.attendancelive.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Assumptions;

/**
 * The RabbitMQ installed on this machine, with its STOMP plugin on 127.0.0.1:61623
 * ({@code rabbitmq-plugins enable rabbitmq_stomp} and {@code stomp.listeners.tcp.1 = 127.0.0.1:61623},
 * done by .ci/run): not RabbitMQ's default 61613, where {@code ./mvnw spring-boot:run} starts the
 * app's embedded broker.
 */
public final class RabbitMqStomp {

    public static final String HOST = "127.0.0.1";
    public static final int PORT = 61623;
    /** RabbitMQ takes the STOMP {@code host} header as the virtual host. */
    public static final String VIRTUAL_HOST = "/";

    private RabbitMqStomp() {
    }

    /** Skips the calling test when RabbitMQ's STOMP does not answer, unless ATTENDANCE_REQUIRE_RABBITMQ=true. */
    public static void assumeAvailable() {
        String problem = problem();
        if (problem == null) {
            return;
        }
        String message = "RabbitMQ STOMP on " + HOST + ":" + PORT + " does not answer (" + problem
                + "); start RabbitMQ, run `rabbitmq-plugins enable rabbitmq_stomp` and put its listener on "
                + PORT + " (see .ci/run)";
        if ("true".equalsIgnoreCase(System.getenv("ATTENDANCE_REQUIRE_RABBITMQ"))) {
            throw new IllegalStateException(message + " (required: ATTENDANCE_REQUIRE_RABBITMQ=true)");
        }
        Assumptions.abort(message);
    }

    /** Null when a STOMP CONNECT as guest answers CONNECTED, else what went wrong. */
    static String problem() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, PORT), 2000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("CONNECT\naccept-version:1.2\nhost:" + VIRTUAL_HOST + "\nlogin:guest\npasscode:guest\n\n\0")
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[16];
            int read = in.readNBytes(buffer, 0, "CONNECTED".length());
            String answer = new String(buffer, 0, read, StandardCharsets.UTF_8);
            return answer.equals("CONNECTED") ? null : "answered " + answer.strip();
        }
        catch (IOException ex) {
            return ex.toString();
        }
    }
}
