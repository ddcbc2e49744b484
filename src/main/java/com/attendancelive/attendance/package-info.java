/**
 * Attendance: sessions, rotating check-in codes, check-ins, corrections with their audit trail,
 * closing, the per-class event log (with its database-assigned {@code seq}) and the REST API.
 * Every change appends its event in the same transaction and publishes
 * {@link com.attendancelive.attendance.AttendanceEventRecorded}; delivery is another module's job.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Attendance", allowedDependencies = { "directory", "limits", "shared" })
package com.attendancelive.attendance;
