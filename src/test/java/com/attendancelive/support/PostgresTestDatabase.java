package com.attendancelive.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * A throw-away PostgreSQL database ({@code attendance_test_<random>}) on 127.0.0.1:5432 as user
 * postgres. Tests skip when no server answers, unless ATTENDANCE_REQUIRE_POSTGRES=true (CI), when
 * they fail.
 */
public final class PostgresTestDatabase {

    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    private static final String USER = "postgres";

    private final String name;

    private PostgresTestDatabase(String name) {
        this.name = name;
    }

    /** Creates the database, or skips the calling test class when PostgreSQL is not reachable. */
    public static PostgresTestDatabase create() {
        String name = "attendance_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection admin = DriverManager.getConnection(SERVER + "postgres", USER, "");
                Statement statement = admin.createStatement()) {
            statement.execute("create database " + name);
        }
        catch (SQLException ex) {
            if (Boolean.parseBoolean(System.getenv("ATTENDANCE_REQUIRE_POSTGRES"))) {
                throw new IllegalStateException("PostgreSQL at 127.0.0.1:5432 is required (ATTENDANCE_REQUIRE_POSTGRES=true)"
                        + " but could not create a database: " + ex.getMessage(), ex);
            }
            Assumptions.abort("Skipped: no PostgreSQL at 127.0.0.1:5432 (" + ex.getMessage()
                    + "); set ATTENDANCE_REQUIRE_POSTGRES=true to make this a failure");
        }
        return new PostgresTestDatabase(name);
    }

    public String url() {
        return SERVER + name;
    }

    public String username() {
        return USER;
    }

    public void drop() {
        try (Connection admin = DriverManager.getConnection(SERVER + "postgres", USER, "");
                Statement statement = admin.createStatement()) {
            statement.execute("drop database if exists " + name + " with (force)");
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Could not drop " + name, ex);
        }
    }
}
