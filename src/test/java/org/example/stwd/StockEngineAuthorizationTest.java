package org.example.stwd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.db.entitymanager.DbEntityManager;
import org.camunda.bpm.engine.impl.persistence.entity.AuthorizationManager;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * {@link AuthorizationMatrixTest} on the stock engine: every piece of the engine tuning off ({@code
 * stwd.engine-tuning.enabled=false}), on a database of its own (the tuned runs leave their indexes
 * behind). The product's guarantees do not depend on the tuning.
 */
@TestPropertySource(
    properties = {
      "stwd.engine-tuning.enabled=false",
      "spring.datasource.url=jdbc:h2:mem:stwd-stock;DB_CLOSE_DELAY=-1"
    })
class StockEngineAuthorizationTest extends AuthorizationMatrixTest {

  @Test
  void theEngineRunsWithItsOwnManagersAndWithoutTheAddedIndexes() {
    ProcessEngineConfigurationImpl configuration =
        (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    List<Class<?>> managers =
        configuration
            .getCommandExecutorTxRequired()
            .execute(
                context ->
                    List.of(
                        context.getAuthorizationManager().getClass(),
                        context.getDbEntityManager().getClass()));
    assertThat(managers).containsExactly(AuthorizationManager.class, DbEntityManager.class);
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM INFORMATION_SCHEMA.INDEXES WHERE INDEX_NAME LIKE 'STWD_IDX_%'",
                Integer.class))
        .isZero();
  }
}
