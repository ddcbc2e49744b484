package com.attendancelive.system;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

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

    public static void write(HttpServletResponse response, HttpStatus status, String detail, URI instance) throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"" + json(status.getReasonPhrase())
                + "\",\"status\":" + status.value() + ",\"detail\":\"" + json(detail) + "\""
                + (instance == null ? "" : ",\"instance\":\"" + json(instance.toString()) + "\"") + "}");
    }

    private static String json(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    }
                    else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
