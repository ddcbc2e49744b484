/**
 * The directory: users and their roles, classes, teaching assignments and enrollments, and the demo data.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Directory", allowedDependencies = { "shared", "system" })
package com.attendancelive.directory;
