package org.example.stwd;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole 2023 lifecycle (the same steps and assertions as {@link CampaignLifecycle2023Test})
 * on the real PostgreSQL, in a database created for this run and dropped afterwards, with real
 * mail through GreenMail: Flyway's migrations, the engine's schema and every query of the
 * application on PostgreSQL. Its application context is closed when the class is done, before
 * the database is dropped at the JVM's exit: closed at exit together, the engine's shutdown
 * waited for connections to a database that was gone, and the test JVM hung for 30 s.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class CampaignLifecyclePostgresIT extends CampaignLifecycle2023Test {

  static final PostgresTestDatabase DB = PostgresTestDatabase.create("lifecycle");

  @DynamicPropertySource
  static void postgres(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> DB.url);
    registry.add("spring.datasource.username", () -> PostgresTestDatabase.USER);
    registry.add("spring.datasource.password", () -> PostgresTestDatabase.PASSWORD);
  }

  @Test
  void theJobExecutorFindsTheLockedJobsThroughAPartialIndex() {
    assertThat(jdbc.queryForObject("SELECT indexdef FROM pg_indexes WHERE tablename = 'act_ru_job' AND indexname = 'stwd_idx_job_locked'", String.class))
        .containsIgnoringCase("(process_instance_id_)").containsIgnoringCase("WHERE (lock_owner_ IS NOT NULL)");
  }
}
