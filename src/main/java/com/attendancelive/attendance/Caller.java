package com.attendancelive.attendance;

import com.attendancelive.directory.Role;
import java.util.List;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/** Who is calling: the authenticated name and the role carried as a {@code ROLE_*} authority. */
record Caller(String username, Role role) {

    private static final List<Role> PRECEDENCE = List.of(Role.ADMIN, Role.TEACHER, Role.SERVICE, Role.STUDENT);

    static Caller of(Authentication authentication) {
        if (authentication == null || !authentication.isAuthenticated()) {
            throw ApiException.forbidden("Not authenticated");
        }
        List<String> authorities = authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList();
        for (Role role : PRECEDENCE) {
            if (authorities.contains("ROLE_" + role.name())) {
                return new Caller(authentication.getName(), role);
            }
        }
        throw ApiException.forbidden("The caller has no role");
    }

    boolean is(Role candidate) {
        return role == candidate;
    }
}
