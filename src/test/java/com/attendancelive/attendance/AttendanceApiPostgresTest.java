package com.attendancelive.attendance;

import com.attendancelive.support.PostgresDatabasePerClass;
import org.springframework.test.annotation.DirtiesContext;

/** The contract on a PostgreSQL database of its own (skipped when none answers, unless required). */
@DirtiesContext
class AttendanceApiPostgresTest extends AttendanceApiContract implements PostgresDatabasePerClass {
}
