package com.attendancelive.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.awaitility.Awaitility;

/** Plain HTTP calls against the running application, as any client would make them. */
public final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Http() {
    }

    public static HttpResponse<String> get(int port, String path) {
        return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build());
    }

    public static HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    public static int status(int port, String path) {
        return get(port, path).statusCode();
    }

    /**
     * Waits until the instance is ready and has its broker connection (health UP as a whole): before
     * that, events reach other instances only through their database poll.
     */
    public static void awaitReady(int port) {
        awaitReady(port, Duration.ofSeconds(30));
    }

    /** Ready and health UP, as {@link #awaitReady(int)} waits for; false while nothing answers. */
    public static boolean isReady(int port) {
        try {
            return status(port, "/actuator/health/readiness") == 200 && status(port, "/actuator/health") == 200;
        }
        catch (RuntimeException notYet) {
            return false;
        }
    }

    /** The same for an application still starting in a JVM of its own: connection refused means "not yet". */
    public static void awaitReady(int port, Duration timeout) {
        Awaitility.await("readiness and health UP").atMost(timeout).pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> status(port, "/actuator/health/readiness") == 200 && status(port, "/actuator/health") == 200);
    }
}
