package org.example.stwd.demo;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Demo profile settings ({@code stwd.demo.*}).
 *
 * @param enabled load demo users, groups and units
 * @param password password of every demo user (demo profile only)
 * @param smtpPort port of the embedded SMTP sink; 0 runs none
 */
@ConfigurationProperties("stwd.demo")
public record DemoProperties(
    @DefaultValue("false") boolean enabled,
    @DefaultValue("demo") String password,
    @DefaultValue("0") int smtpPort) {}
