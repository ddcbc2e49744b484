package com.attendancelive.attendance;

/** The exports on H2, the default database. */
class AttendanceExportsH2Test extends AttendanceExportsContract {
}
