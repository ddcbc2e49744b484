package com.attendancelive.attendance;

/** The contract on H2, the default database. */
class AttendanceApiH2Test extends AttendanceApiContract {
}
