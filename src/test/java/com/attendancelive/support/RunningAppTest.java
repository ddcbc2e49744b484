package com.attendancelive.support;

import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A test against the application running on a random port (its {@code @SpringBootTest}), with the application's database at hand. */
public abstract class RunningAppTest {

    @LocalServerPort
    protected int port;

    @Autowired
    protected DataSource dataSource;

    @Autowired
    protected JdbcClient jdbc;
}
