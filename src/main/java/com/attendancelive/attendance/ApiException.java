package com.attendancelive.attendance;

import java.time.Duration;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A refused request, rendered as RFC 9457 problem details. */
class ApiException extends ErrorResponseException {

    ApiException(HttpStatus status, String detail) {
        super(status, ProblemDetail.forStatusAndDetail(status, detail), null);
    }

    static ApiException badRequest(String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, detail);
    }

    static ApiException forbidden(String detail) {
        return new ApiException(HttpStatus.FORBIDDEN, detail);
    }

    static ApiException notFound(String detail) {
        return new ApiException(HttpStatus.NOT_FOUND, detail);
    }

    static ApiException conflict(String detail) {
        return new ApiException(HttpStatus.CONFLICT, detail);
    }

    static ApiException tooManyRequests(String detail, Duration retryAfter) {
        return retryLater(HttpStatus.TOO_MANY_REQUESTS, detail, retryAfter);
    }

    static ApiException serviceUnavailable(String detail, Duration retryAfter) {
        return retryLater(HttpStatus.SERVICE_UNAVAILABLE, detail, retryAfter);
    }

    /** With {@code Retry-After} in whole seconds, at least 1. */
    private static ApiException retryLater(HttpStatus status, String detail, Duration retryAfter) {
        ApiException exception = new ApiException(status, detail);
        exception.getHeaders().set("Retry-After", Long.toString(Math.max(1, retryAfter.toSeconds())));
        return exception;
    }

    /** A wrong or stale check-in code: counted against the student before it is answered. */
    static final class WrongCode extends ApiException {
        WrongCode() {
            super(HttpStatus.UNPROCESSABLE_CONTENT, "The check-in code is wrong or has expired");
        }
    }
}
