package org.example.stwd;

import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link PermissionEvaluationTest} on the real PostgreSQL: the engine's SQL answers there as the
 * Java evaluation does.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class PermissionEvaluationPostgresIT extends PermissionEvaluationTest {

  static final PostgresTestDatabase DB = PostgresTestDatabase.create("permissions");

  @DynamicPropertySource
  static void postgres(DynamicPropertyRegistry registry) {
    DB.register(registry);
  }
}
