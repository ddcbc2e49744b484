package com.attendancelive.support;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Counts the statements the application's connections prepare, by SQL: for tests that prove a piece
 * of work reads the database once however many sessions ask. A test imports {@link Counting}.
 */
public final class CountedStatements {

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    /** How many times {@code sql} was prepared so far. */
    public long count(String sql) {
        LongAdder count = counts.get(sql);
        return count == null ? 0 : count.sum();
    }

    private DataSource counting(DataSource dataSource) {
        return new DelegatingDataSource(dataSource) {
            @Override
            public Connection getConnection() throws SQLException {
                Connection connection = super.getConnection();
                return (Connection) Proxy.newProxyInstance(CountedStatements.class.getClassLoader(), new Class<?>[] {Connection.class},
                        (proxy, method, args) -> {
                            if (method.getName().equals("prepareStatement") && args != null && args[0] instanceof String sql) {
                                counts.computeIfAbsent(sql, key -> new LongAdder()).increment();
                            }
                            try {
                                return method.invoke(connection, args);
                            }
                            catch (InvocationTargetException ex) {
                                throw ex.getCause();
                            }
                        });
            }
        };
    }

    /** The application's {@code dataSource}, counted. */
    @TestConfiguration(proxyBeanMethods = false)
    public static class Counting {

        @Bean
        static CountedStatements countedStatements() {
            return new CountedStatements();
        }

        @Bean
        static BeanPostProcessor countingDataSource(ObjectProvider<CountedStatements> statements) {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String beanName) {
                    return bean instanceof DataSource dataSource && beanName.equals("dataSource")
                            ? statements.getObject().counting(dataSource) : bean;
                }
            };
        }
    }
}
