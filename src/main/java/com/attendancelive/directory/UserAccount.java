package com.attendancelive.directory;

/** A person or service that signs in. {@code passwordHash} is in DelegatingPasswordEncoder format. */
public record UserAccount(String username, String passwordHash, Role role, String displayName) {
}
