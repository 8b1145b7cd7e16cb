package org.example.stwd;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link LongTextTest} on the real PostgreSQL, in a database of its own (ADR 0010). */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class LongTextPostgresIT extends LongTextTest {

  static final PostgresTestDatabase DB = PostgresTestDatabase.create("longtext");

  @DynamicPropertySource
  static void postgres(DynamicPropertyRegistry registry) {
    DB.register(registry);
  }

  @Test
  void theEnginesTextColumnsAreWide() {
    for (String table : new String[] {"act_ru_variable", "act_hi_varinst", "act_hi_detail"}) {
      assertThat(
              jdbc.queryForObject(
                  "SELECT character_maximum_length FROM information_schema.columns WHERE table_name = ? AND column_name = 'text_'"
                      + " AND table_schema = current_schema",
                  Integer.class,
                  table))
          .as(table)
          .isEqualTo(100_000);
    }
  }
}
