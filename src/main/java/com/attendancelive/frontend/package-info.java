/**
 * The browser sample client (frontend-sample/public, served as static content) and what it
 * needs from the server: its files reachable without a token.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Frontend sample", allowedDependencies = {})
package com.attendancelive.frontend;
