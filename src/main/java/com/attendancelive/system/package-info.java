/**
 * Cross-cutting pieces that belong to no feature: the log hygiene filters (declared in
 * {@code logback-spring.xml}) and problem+json responses written outside Spring MVC ({@link com.attendancelive.system.Problems}).
 */
@org.springframework.modulith.ApplicationModule(displayName = "System", allowedDependencies = {})
package com.attendancelive.system;
