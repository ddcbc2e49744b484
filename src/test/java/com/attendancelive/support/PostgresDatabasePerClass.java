package com.attendancelive.support;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A Spring test class that implements this runs on a PostgreSQL database of its own (skipped when
 * none answers, unless required: see {@link PostgresTestDatabase}). Annotate the class
 * {@code @DirtiesContext}, so that its context, on that database, is not reused. Test classes run
 * one after the other, so one database at a time is current.
 */
public interface PostgresDatabasePerClass {

    @BeforeAll
    static void createPostgresDatabase() {
        Current.database = PostgresTestDatabase.create();
    }

    @AfterAll
    static void dropPostgresDatabaseAtExit() {
        // @DirtiesContext closes the context (and its pool) after this method, so the drop waits
        // for the end of the test JVM.
        PostgresTestDatabase created = Current.database;
        if (created != null) {
            Runtime.getRuntime().addShutdownHook(new Thread(created::drop, "drop-" + created.url()));
        }
    }

    @DynamicPropertySource
    static void postgresDatabaseProperties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> Current.database.url());
        registry.add("spring.datasource.username", () -> Current.database.username());
        registry.add("spring.datasource.password", () -> "");
    }

    /** The current test class's database. */
    static PostgresTestDatabase postgresDatabase() {
        return Current.database;
    }

    /** Holds the database between JUnit's callbacks and Spring's property lookup. */
    final class Current {

        private static volatile PostgresTestDatabase database;

        private Current() {
        }
    }
}
