/**
 * Who may do what: authentication of REST calls and WebSocket sessions, and the STOMP and plain-route
 * access guard. The transport module puts the guard in place ({@link com.attendancelive.security.WebSocketSecurity}).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Security", allowedDependencies = { "directory", "limits", "shared", "system" })
package com.attendancelive.security;
