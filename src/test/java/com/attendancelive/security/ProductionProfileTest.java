package com.attendancelive.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.attendancelive.AttendanceLiveApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The prod profile refuses to start without a signing key or with demo passwords. */
class ProductionProfileTest {

    /** Command-line arguments, so they win over application-prod.yml. */
    private static ConfigurableApplicationContext runProd(String... properties) {
        return run("prod", "jdbc:h2:mem:prod-" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", properties);
    }

    private static ConfigurableApplicationContext run(String profile, String databaseUrl, String... properties) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("--server.port=0",
                "--spring.datasource.url=" + databaseUrl,
                "--spring.datasource.username=sa", "--spring.datasource.password=",
                // No broker needed to test start-up checks.
                "--attendance.broker.mode=simple"));
        for (String property : properties) {
            args.add("--" + property);
        }
        return new SpringApplicationBuilder(AttendanceLiveApplication.class).profiles(profile).run(args.toArray(String[]::new));
    }

    @Test
    void withoutASigningKeyItDoesNotStart() {
        assertThatThrownBy(() -> runProd("attendance.security.jwt-secret=").close())
                .hasStackTraceContaining("needs attendance.security.jwt-secret");
    }

    @Test
    void withDemoDataItDoesNotStart() {
        assertThatThrownBy(() -> runProd("attendance.security.jwt-secret=" + Tokens.SECRET, "attendance.demo-data=true").close())
                .hasStackTraceContaining("refuses attendance.demo-data=true");
    }

    @Test
    void withADemoAccountStillOnTheDemoPasswordItDoesNotStart() {
        String database = "jdbc:h2:mem:seeded-" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        // A development run seeds the demo accounts into the database...
        run("default", database, "attendance.demo-data=true").close();
        // ...and production refuses to run on it.
        assertThatThrownBy(() -> run("prod", database, "attendance.security.jwt-secret=" + Tokens.SECRET).close())
                .hasStackTraceContaining("still has the demo password");
    }

    @Test
    void withAKeyAndNoDemoDataItStarts() {
        try (ConfigurableApplicationContext context = runProd("attendance.security.jwt-secret=" + Tokens.SECRET)) {
            assertThat(context.isRunning()).isTrue();
        }
    }
}
