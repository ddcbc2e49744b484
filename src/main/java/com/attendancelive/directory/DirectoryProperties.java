package com.attendancelive.directory;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code attendance.demo-data}: seed the demo users and classes. When unset, on in embedded broker
 * mode ({@code attendance.broker.mode=embedded}, a developer's machine) and off otherwise.
 */
@ConfigurationProperties("attendance")
public record DirectoryProperties(Boolean demoData) {
}
