/**
 * Cross-cutting pieces that belong to no feature: the log hygiene filters (declared in
 * {@code logback-spring.xml}), problem+json responses written outside Spring MVC ({@link com.attendancelive.system.Problems}), and the
 * daemon timer the modules' lifecycles run their periodic work on ({@link com.attendancelive.system.DaemonTimer}).
 */
@org.springframework.modulith.ApplicationModule(displayName = "System", allowedDependencies = {})
package com.attendancelive.system;
