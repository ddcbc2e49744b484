package com.attendancelive.security;

import java.util.Collection;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;

/**
 * Who a WebSocket session's verified token says the user is: the name and authorities, which are all
 * the session's authorization needs. The token itself (its text and every claim, about 1.5 KB) is not
 * kept for the session's lifetime; the session's end is kept apart ({@link LiveSessions}).
 */
final class ChannelAuthentication extends AbstractAuthenticationToken {

    private final String name;

    ChannelAuthentication(String name, Collection<? extends GrantedAuthority> authorities) {
        super(authorities);
        this.name = name;
        setAuthenticated(true);
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public Object getPrincipal() {
        return name;
    }

    @Override
    public Object getCredentials() {
        return null;
    }
}
