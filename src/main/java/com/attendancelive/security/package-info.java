/**
 * Who may do what: authentication of REST calls and STOMP sessions, and authorization of frames.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Security")
package com.attendancelive.security;
