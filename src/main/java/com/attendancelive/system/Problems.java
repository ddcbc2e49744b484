package com.attendancelive.system;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.http.server.ServletServerHttpResponse;

/** RFC 9457 problem responses written outside Spring MVC's own handling (filters, handshakes) or without a controller advice. */
public final class Problems {

    private Problems() {
    }

    public static ResponseEntity<ProblemDetail> entity(HttpStatus status, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /** A problem with {@code Retry-After}: come back in {@code seconds}. */
    public static ResponseEntity<ProblemDetail> retryLater(HttpStatus status, long seconds, String detail) {
        return ResponseEntity.status(status).header("Retry-After", Long.toString(seconds))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(ProblemDetail.forStatusAndDetail(status, detail));
    }

    private static final JacksonJsonHttpMessageConverter PROBLEM_JSON = new JacksonJsonHttpMessageConverter();
    private static final URI ABOUT_BLANK = URI.create("about:blank");
    private static final MediaType PROBLEM_JSON_UTF8 = new MediaType(MediaType.APPLICATION_PROBLEM_JSON, StandardCharsets.UTF_8);

    /** Writes the problem the way Spring MVC writes a {@link ProblemDetail}: filters run before MVC. */
    public static void write(HttpServletResponse response, HttpStatus status, String detail, URI instance) throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(ABOUT_BLANK); // these bodies have always named it; MVC's leave it implicit
        problem.setInstance(instance);
        ServletServerHttpResponse out = new ServletServerHttpResponse(response);
        out.setStatusCode(status);
        PROBLEM_JSON.write(problem, PROBLEM_JSON_UTF8, out);
    }
}
