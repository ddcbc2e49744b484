/**
 * Cross-cutting configuration that belongs to no feature: the log hygiene filters, declared in
 * {@code logback-spring.xml}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "System", allowedDependencies = {})
package com.attendancelive.system;
