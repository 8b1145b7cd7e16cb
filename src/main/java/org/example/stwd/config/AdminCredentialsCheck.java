package org.example.stwd.config;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * No default password outside the demo profile: when the administrator account is configured
 * ({@code camunda.bpm.admin-user.id}) without a password, the application refuses to start and says
 * which environment variable to set. The demo and test profiles set their own password.
 */
public class AdminCredentialsCheck implements EnvironmentPostProcessor, Ordered {

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    String id = environment.getProperty("camunda.bpm.admin-user.id");
    String password = environment.getProperty("camunda.bpm.admin-user.password");
    if (id != null && !id.isBlank() && (password == null || password.isBlank())) {
      throw new IllegalStateException(
          "Refusing to start: no password for the administrator account '"
              + id
              + "'. "
              + "Set STWD_ADMIN_PASSWORD (and optionally STWD_ADMIN_USER) in the environment; "
              + "only the demo profile has a built-in password.");
    }
  }

  @Override
  public int getOrder() {
    // after the config files (ConfigDataEnvironmentPostProcessor) have been read
    return Ordered.LOWEST_PRECEDENCE;
  }
}
