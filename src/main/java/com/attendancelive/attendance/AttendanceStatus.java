package com.attendancelive.attendance;

public enum AttendanceStatus {
    PRESENT, LATE, ABSENT, EXCUSED
}
