package com.attendancelive.attendance;

/**
 * Published inside the transaction that appended event {@code seq} to the class's log; listeners
 * that run after the commit send it on.
 *
 * @param json the event as clients receive it; {@code null} in a publication recorded before the
 *             event was carried here, whose listener reads it from {@link ClassEventLog}
 */
public record AttendanceEventRecorded(String classId, long seq, String json) {
}
