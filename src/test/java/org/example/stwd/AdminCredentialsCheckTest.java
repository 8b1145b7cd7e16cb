package org.example.stwd;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.example.stwd.config.AdminCredentialsCheck;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.mock.env.MockEnvironment;

/** Outside the demo profile the administrator's password must come from the environment. */
class AdminCredentialsCheckTest {

  private final AdminCredentialsCheck check = new AdminCredentialsCheck();

  @Test
  void anAdminWithoutPasswordIsRefusedWithAClearMessage() {
    MockEnvironment env =
        new MockEnvironment()
            .withProperty("camunda.bpm.admin-user.id", "admin")
            .withProperty("camunda.bpm.admin-user.password", "");
    assertThatThrownBy(() -> check.postProcessEnvironment(env, new SpringApplication()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no password for the administrator account 'admin'")
        .hasMessageContaining("STWD_ADMIN_PASSWORD");
  }

  @Test
  void anAdminWithPasswordOrNoAdminAtAllIsFine() {
    assertThatCode(
            () ->
                check.postProcessEnvironment(
                    new MockEnvironment()
                        .withProperty("camunda.bpm.admin-user.id", "admin")
                        .withProperty("camunda.bpm.admin-user.password", "s3cret"),
                    new SpringApplication()))
        .doesNotThrowAnyException();
    assertThatCode(
            () -> check.postProcessEnvironment(new StandardEnvironment(), new SpringApplication()))
        .doesNotThrowAnyException();
  }

  @Test
  void thePostgresProfileRefusesToStartWithoutStwdAdminPassword() {
    assumeTrue(
        System.getenv("STWD_ADMIN_PASSWORD") == null,
        "STWD_ADMIN_PASSWORD is set in this environment");
    // fails while reading the configuration, before any database connection is attempted
    assertThatThrownBy(
            () -> new SpringApplicationBuilder(StwdApplication.class).profiles("postgres").run())
        .hasMessageContaining("Set STWD_ADMIN_PASSWORD");
  }
}
