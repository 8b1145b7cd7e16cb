package org.example.stwd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.AuthorizationManager;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.VariableMap;
import org.example.stwd.config.LazyMessageDbEntityManager;
import org.example.stwd.config.OwnGroupsAuthorizationManager;
import org.example.stwd.unit.Phase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The engine settings of ADR 0006 and 0007: the indexes, due dates on every job, the authorization manager, the entity manager. */
class EngineTuningTest extends ProcessTestSupport {

  @Autowired DataSource dataSource;

  @Test
  void theEngineHasTheIndexesForThousandsOfUnits() throws Exception {
    assertThat(indexes("ACT_RU_TASK")).contains("STWD_IDX_TASK_PARENT");
    assertThat(indexes("ACT_RU_JOB")).contains("STWD_IDX_JOB_DUEDATE", "STWD_IDX_JOB_ACQUISITION");
  }

  @Test
  void everyJobHasADueDateAndRuns() {
    clock("2023-05-06T10:00");
    VariableMap notice = with(payload("2023/01-register-notice.json"), "campaignCode", "TUNE-2023");
    distributedCampaign(notice, with(payload("2023/02-draft-forwarding.json"), "targetCategories", List.of(), "targetUnitCodes", "wc01 wc02"));
    // the distribution has run through its async steps: the units' tasks and timers exist
    assertThat(unitTask("TUNE-2023", "wc01", Phase.PLAN, "Task_SubmitPlan")).isNotNull();
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ACT_RU_JOB", Integer.class)).isPositive();
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ACT_RU_JOB WHERE DUEDATE_ IS NULL", Integer.class)).isZero();
  }

  @Test
  void authorizationChecksAskAboutTheCallersGroupsAndAnswerAsTheEngineDoes() {
    clock("2023-05-06T10:00");
    VariableMap notice = with(payload("2023/01-register-notice.json"), "campaignCode", "TUNE-2024");
    distributedCampaign(notice, with(payload("2023/02-draft-forwarding.json"), "targetCategories", List.of(), "targetUnitCodes", "wc01"));
    List<String> asked = List.of("hq-office", "unit-wc01", "unit-no-such-unit", "unit-contacts");
    ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    List<Object> answer = configuration.getCommandExecutorTxRequired().execute(context -> {
      AuthorizationManager manager = context.getAuthorizationManager();
      return List.of(manager.getClass(), manager.filterAuthenticatedGroupIds(asked));
    });
    assertThat(answer.get(0)).isEqualTo(OwnGroupsAuthorizationManager.class);
    // the engine's own answer: the groups among those asked that appear in any authorization
    Set<String> withAuthorizations = new HashSet<>(jdbc.queryForList("SELECT DISTINCT GROUP_ID_ FROM ACT_RU_AUTHORIZATION WHERE GROUP_ID_ IS NOT NULL", String.class));
    List<String> expected = asked.stream().filter(withAuthorizations::contains).toList();
    assertThat(expected).contains("hq-office", "unit-wc01").doesNotContain("unit-no-such-unit");
    @SuppressWarnings("unchecked")
    List<String> filtered = (List<String>) answer.get(1);
    assertThat(filtered).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void insertedRowsAreCheckedForAValidIdAndAnInvalidOneStillFails() {
    ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    Object manager = configuration.getCommandExecutorTxRequired().execute(context -> context.getDbEntityManager().getClass());
    assertThat(manager).isEqualTo(LazyMessageDbEntityManager.class);
    assertThatThrownBy(() -> taskService.saveTask(taskService.newTask("*"))).hasMessageContaining("cannot be *");
    Task task = taskService.newTask("lazy-message-check");
    taskService.saveTask(task);
    assertThat(taskService.createTaskQuery().taskId("lazy-message-check").count()).isEqualTo(1);
    taskService.deleteTask("lazy-message-check", true);
  }

  private List<String> indexes(String table) throws Exception {
    List<String> names = new ArrayList<>();
    try (Connection c = dataSource.getConnection(); ResultSet rs = c.getMetaData().getIndexInfo(null, null, table, false, false)) {
      while (rs.next()) {
        names.add(String.valueOf(rs.getString("INDEX_NAME")).toUpperCase());
      }
    }
    return names;
  }
}
