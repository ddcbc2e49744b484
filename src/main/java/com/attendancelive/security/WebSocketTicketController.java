package com.attendancelive.security;

import com.attendancelive.system.Problems;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/ws-tickets}: a one-time ticket for the plain WebSocket route (contract version 2). */
@RestController
class WebSocketTicketController {

    private final WebSocketTickets tickets;

    WebSocketTicketController(WebSocketTickets tickets) {
        this.tickets = tickets;
    }

    record TicketResponse(String ticket, @JsonProperty("expires_in") long expiresIn) {

        /** Spring MVC logs the body it writes at TRACE; the ticket stays out of it. */
        @Override
        public String toString() {
            return "TicketResponse[ticket=(hidden), expires_in=" + expiresIn + "]";
        }
    }

    @PostMapping(path = "/api/ws-tickets")
    ResponseEntity<?> issue(@RequestBody(required = false) byte[] body, JwtAuthenticationToken authentication,
            @AuthenticationPrincipal Jwt jwt) {
        if (body != null && body.length > 0) {
            return Problems.entity(HttpStatus.BAD_REQUEST, "A ticket request has no body");
        }
        return tickets.issue(authentication.getName(), List.copyOf(authentication.getAuthorities()), jwt.getExpiresAt())
                .<ResponseEntity<?>>map(ticket -> ResponseEntity.status(HttpStatus.CREATED)
                        .body(new TicketResponse(ticket, WebSocketTickets.VALID_FOR.toSeconds())))
                .orElseGet(() -> Problems.entity(HttpStatus.TOO_MANY_REQUESTS, "At most "
                        + WebSocketTickets.MAX_OUTSTANDING_PER_USER + " unused tickets at a time; use one or wait "
                        + WebSocketTickets.VALID_FOR.toSeconds() + " s"));
    }
}
