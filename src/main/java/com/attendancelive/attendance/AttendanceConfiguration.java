package com.attendancelive.attendance;

import com.attendancelive.limits.AttemptLimiter;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
class AttendanceConfiguration implements WebMvcConfigurer {

    /** The server's clock: lateness and check-in codes follow it. Tests replace it. */
    @Bean
    @ConditionalOnMissingBean(Clock.class)
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    WrongCodeLimiter wrongCodeLimiter(AttemptLimiter limiter, AttendanceProperties properties) {
        return new WrongCodeLimiter(limiter, properties.maxWrongCodes(), properties.wrongCodeWindow());
    }

    @Bean
    FilterRegistrationBean<ApiInputGuards.BodySizeLimit> apiBodySizeLimit() {
        FilterRegistrationBean<ApiInputGuards.BodySizeLimit> registration =
                new FilterRegistrationBean<>(new ApiInputGuards.BodySizeLimit());
        registration.addUrlPatterns("/api/*");
        // Before the security chain: an oversized body is refused without being read further.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new ApiInputGuards.IdentifierCheck()).addPathPatterns("/api/classes/**");
    }
}
