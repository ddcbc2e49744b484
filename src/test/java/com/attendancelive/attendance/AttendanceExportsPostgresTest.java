package com.attendancelive.attendance;

import com.attendancelive.support.PostgresTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The exports on a PostgreSQL database of its own (skipped when none answers, unless required). */
@DirtiesContext
class AttendanceExportsPostgresTest extends AttendanceExportsContract {

    static PostgresTestDatabase database;

    @BeforeAll
    static void createDatabase() {
        database = PostgresTestDatabase.create();
    }

    @AfterAll
    static void dropDatabaseAtExit() {
        // @DirtiesContext closes the context (and its pool) after this method, so the drop waits
        // for the end of the test JVM.
        PostgresTestDatabase created = database;
        if (created != null) {
            Runtime.getRuntime().addShutdownHook(new Thread(created::drop, "drop-" + created.url()));
        }
    }

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> database.url());
        registry.add("spring.datasource.username", () -> database.username());
        registry.add("spring.datasource.password", () -> "");
    }
}
