package com.attendancelive.broker;

import java.net.InetSocketAddress;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class BrokerConfiguration {

    @Bean
    @ConditionalOnProperty(name = "attendance.broker.mode", havingValue = "embedded", matchIfMissing = true)
    EmbeddedActiveMqBroker embeddedActiveMqBroker(BrokerProperties properties) {
        return new EmbeddedActiveMqBroker(properties);
    }

    @Bean
    @ConditionalOnProperty(name = "attendance.broker.mode", havingValue = "external")
    BrokerAddress externalBrokerAddress(BrokerProperties properties) {
        InetSocketAddress address = InetSocketAddress.createUnresolved(properties.host(), properties.port());
        return () -> address;
    }
}
