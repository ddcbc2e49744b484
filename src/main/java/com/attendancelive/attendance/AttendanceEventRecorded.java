package com.attendancelive.attendance;

/**
 * Published inside the transaction that appended event {@code seq} to the class's log. Listeners
 * that run after the commit read the event itself from {@link ClassEventLog}.
 */
public record AttendanceEventRecorded(String classId, long seq) {
}
