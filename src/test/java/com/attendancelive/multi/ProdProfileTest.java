package com.attendancelive.multi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.attendancelive.AttendanceLiveApplication;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/** The prod profile's defaults, and that it refuses to start without a database. */
class ProdProfileTest {

    @Test
    void prodMeansAnExternalBrokerNoDemoDataAndNoDefaultDatabase() throws IOException {
        PropertySource<?> prod = new YamlPropertySourceLoader()
                .load("prod", new ClassPathResource("application-prod.yml")).get(0);
        assertThat(prod.getProperty("attendance.broker.mode")).hasToString("external");
        assertThat(prod.getProperty("attendance.demo-data")).hasToString("false");
        assertThat(prod.getProperty("spring.datasource.url")).hasToString("${SPRING_DATASOURCE_URL}");
    }

    @Test
    void prodWithoutADatabaseUrlDoesNotStart() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(AttendanceLiveApplication.class)
                .profiles("prod")
                .run("--server.port=0", "--attendance.broker.port=61613",
                        "--attendance.security.jwt-secret=prod-profile-test-secret-0123456789abcdef"))
                .hasStackTraceContaining("'url' must start with \"jdbc\"");
    }
}
