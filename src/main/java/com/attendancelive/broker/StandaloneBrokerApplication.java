package com.attendancelive.broker;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The embedded broker on its own, for trying several application instances on one machine
 * without installing a broker: the same ActiveMQ Classic set-up as embedded mode (STOMP over
 * NIO, heart-beat grace 1.5, inactive user queues removed), listening on
 * {@code attendance.broker.host:port}. Runs until stopped.
 *
 * <pre>./mvnw -q compile exec:java -Dexec.mainClass=com.attendancelive.broker.StandaloneBrokerApplication -Dattendance.broker.port=61613</pre>
 *
 * Deliberately not a {@code @Configuration}: component scanning of the application must not pick it up.
 */
@EnableConfigurationProperties(BrokerProperties.class)
public class StandaloneBrokerApplication {

    @Bean
    EmbeddedActiveMqBroker standaloneActiveMqBroker(BrokerProperties properties) {
        return new EmbeddedActiveMqBroker(properties);
    }

    public static void main(String[] args) {
        new SpringApplicationBuilder(StandaloneBrokerApplication.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                // Not the application's settings file: only attendance.broker.* from the command line or environment.
                .properties("spring.config.name=attendance-standalone-broker", "spring.main.keep-alive=true")
                .run(args);
    }
}
