package com.attendancelive.directory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * The {@code prod} profile refuses to start with demo data or with any of {@link DemoData}'s accounts
 * still using the demo password. (Without a signing key or external issuer it already failed: see the
 * security module's JwtConfiguration.)
 */
@Component
class ProductionGuard implements SmartInitializingSingleton {

    private final Environment environment;
    private final DirectoryProperties directoryProperties;
    private final ClassDirectory directory;
    private final PasswordEncoder passwords;

    ProductionGuard(Environment environment, DirectoryProperties directoryProperties, ClassDirectory directory,
            PasswordEncoder passwords) {
        this.environment = environment;
        this.directoryProperties = directoryProperties;
        this.directory = directory;
        this.passwords = passwords;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (!environment.acceptsProfiles(Profiles.of("prod"))) {
            return;
        }
        if (Boolean.TRUE.equals(directoryProperties.demoData())) {
            throw new IllegalStateException("The prod profile refuses attendance.demo-data=true: demo accounts have the password 'demo'");
        }
        for (String user : DemoData.usernames()) {
            directory.findUser(user).ifPresent(account -> {
                if (passwords.matches(DemoData.DEMO_PASSWORD, account.passwordHash())) {
                    throw new IllegalStateException("The prod profile refuses to start: user '" + user
                            + "' still has the demo password; change it or remove the account");
                }
            });
        }
    }
}
