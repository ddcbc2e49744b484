package com.attendancelive;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class AttendanceLiveApplication {

    public static void main(String[] args) {
        SpringApplication.run(AttendanceLiveApplication.class, args);
    }
}
