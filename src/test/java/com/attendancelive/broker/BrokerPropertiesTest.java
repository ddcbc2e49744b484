package com.attendancelive.broker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

class BrokerPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(BrokerProperties.class)
    static class PropertiesOnly {
    }

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(PropertiesOnly.class);

    @Test
    void defaultsMatchTheContract() {
        context.run(ctx -> {
            BrokerProperties properties = ctx.getBean(BrokerProperties.class);
            assertThat(properties.mode()).isEqualTo(BrokerMode.EMBEDDED);
            assertThat(properties.host()).isEqualTo("127.0.0.1");
            assertThat(properties.port()).isEqualTo(61613);
            assertThat(properties.login()).isEqualTo("guest");
            assertThat(properties.passcode()).isEqualTo("guest");
        });
    }

    @Test
    void aPortOutOfRangeStopsTheStartWithTheKeyInTheMessage() {
        context.withPropertyValues("attendance.broker.port=70000").run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(ctx.getStartupFailure()).rootCause().hasMessageContaining("attendance.broker")
                    .hasMessageContaining("port");
        });
    }

    @Test
    void anUnknownModeStopsTheStart() {
        context.withPropertyValues("attendance.broker.mode=carrier-pigeon").run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(ctx.getStartupFailure()).hasStackTraceContaining("carrier-pigeon");
        });
    }

    @Test
    void anExternalBrokerNeedsARealPort() {
        context.withPropertyValues("attendance.broker.mode=external", "attendance.broker.port=0").run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(ctx.getStartupFailure()).hasStackTraceContaining("only works with attendance.broker.mode=embedded");
        });
    }
}
