/**
 * Limits that hold for the whole deployment: attempts (failed logins, wrong check-in codes)
 * counted in one table of the shared database, so every instance sees the same counts.
 * {@link com.attendancelive.limits.AttemptLimiter} is the one public service; the security and
 * attendance modules use it. Limits that protect one process stay in their own modules.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Limits", allowedDependencies = { "system" })
package com.attendancelive.limits;
