package com.attendancelive.attendance;

import com.attendancelive.support.PostgresTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The contract on a PostgreSQL database of its own (skipped when none answers, unless required). */
@DirtiesContext
class AttendanceApiPostgresTest extends AttendanceApiContract {

    static PostgresTestDatabase database;

    @BeforeAll
    static void createDatabase() {
        database = PostgresTestDatabase.create();
    }

    /** Runs before Spring closes the context; {@code drop()} forces the pool's connections off. */
    @AfterAll
    static void dropDatabase() {
        if (database != null) {
            database.drop();
        }
    }

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> database.url());
        registry.add("spring.datasource.username", () -> database.username());
        registry.add("spring.datasource.password", () -> "");
    }
}
