package org.example.stwd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.authorization.TaskPermissions;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.db.CompositePermissionCheck;
import org.camunda.bpm.engine.impl.db.PermissionCheck;
import org.camunda.bpm.engine.impl.persistence.entity.AuthorizationManager;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.VariableMap;
import org.example.stwd.core.Phase;
import org.example.stwd.engine.LazyMessageDbEntityManager;
import org.example.stwd.engine.OwnGroupsAuthorizationManager;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The engine settings of ADR 0006 and 0007: the indexes, due dates on every job, the authorization
 * manager, the entity manager.
 */
class EngineTuningTest extends ProcessTestSupport {

  @Autowired DataSource dataSource;
  @Autowired AuthorizationService authorizationService;

  @Test
  void theEngineHasTheIndexesForThousandsOfUnits() throws Exception {
    assertThat(indexes("ACT_RU_TASK")).contains("STWD_IDX_TASK_PARENT");
    assertThat(indexes("ACT_RU_JOB")).contains("STWD_IDX_JOB_DUEDATE", "STWD_IDX_JOB_ACQUISITION");
  }

  @Test
  void everyJobHasADueDateAndRuns() {
    clock("2023-05-06T10:00");
    VariableMap notice = with(payload("2023/01-register-notice.json"), "campaignCode", "TUNE-2023");
    distributedCampaign(
        notice,
        with(
            payload("2023/02-draft-forwarding.json"),
            "targetCategories",
            List.of(),
            "targetUnitCodes",
            "wc01 wc02"));
    // the distribution has run through its async steps: the units' tasks and timers exist
    assertThat(unitTask("TUNE-2023", "wc01", Phase.PLAN, "Task_SubmitPlan")).isNotNull();
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ACT_RU_JOB", Integer.class)).isPositive();
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM ACT_RU_JOB WHERE DUEDATE_ IS NULL", Integer.class))
        .isZero();
  }

  @Test
  void authorizationChecksAskAboutTheCallersGroupsAndAnswerAsTheEngineDoes() {
    clock("2023-05-06T10:00");
    VariableMap notice = with(payload("2023/01-register-notice.json"), "campaignCode", "TUNE-2024");
    distributedCampaign(
        notice,
        with(
            payload("2023/02-draft-forwarding.json"),
            "targetCategories",
            List.of(),
            "targetUnitCodes",
            "wc01"));
    List<String> asked = List.of("hq-office", "unit-wc01", "unit-no-such-unit", "unit-contacts");
    ProcessEngineConfigurationImpl configuration =
        (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    List<Object> answer =
        configuration
            .getCommandExecutorTxRequired()
            .execute(
                context -> {
                  AuthorizationManager manager = context.getAuthorizationManager();
                  return List.of(manager.getClass(), manager.filterAuthenticatedGroupIds(asked));
                });
    assertThat(answer.get(0)).isEqualTo(OwnGroupsAuthorizationManager.class);
    // the engine's own answer: the groups among those asked that appear in any authorization
    Set<String> withAuthorizations =
        new HashSet<>(
            jdbc.queryForList(
                "SELECT DISTINCT GROUP_ID_ FROM ACT_RU_AUTHORIZATION WHERE GROUP_ID_ IS NOT NULL",
                String.class));
    List<String> expected = asked.stream().filter(withAuthorizations::contains).toList();
    assertThat(expected).contains("hq-office", "unit-wc01").doesNotContain("unit-no-such-unit");
    @SuppressWarnings("unchecked")
    List<String> filtered = (List<String>) answer.get(1);
    assertThat(filtered).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void insertedRowsAreCheckedForAValidIdAndAnInvalidOneStillFails() {
    ProcessEngineConfigurationImpl configuration =
        (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    Object manager =
        configuration
            .getCommandExecutorTxRequired()
            .execute(context -> context.getDbEntityManager().getClass());
    assertThat(manager).isEqualTo(LazyMessageDbEntityManager.class);
    assertThatThrownBy(() -> taskService.saveTask(taskService.newTask("*")))
        .hasMessageContaining("cannot be *");
    Task task = taskService.newTask("lazy-message-check");
    taskService.saveTask(task);
    assertThat(taskService.createTaskQuery().taskId("lazy-message-check").count()).isEqualTo(1);
    taskService.deleteTask("lazy-message-check", true);
  }

  @Test
  void permissionChecksAnswerAsTheEnginesOwnSqlDoes() {
    // grants and global authorizations for three users and their groups, on process definitions and
    // tasks
    grant(
        Authorization.AUTH_TYPE_GRANT,
        "eq-u1",
        null,
        Resources.PROCESS_DEFINITION,
        "eq-a",
        ProcessDefinitionPermissions.READ,
        ProcessDefinitionPermissions.READ_TASK);
    grant(
        Authorization.AUTH_TYPE_GRANT,
        null,
        "eq-g1",
        Resources.PROCESS_DEFINITION,
        "*",
        ProcessDefinitionPermissions.READ);
    grant(
        Authorization.AUTH_TYPE_GRANT,
        null,
        "eq-g2",
        Resources.TASK,
        "eq-t1",
        TaskPermissions.READ,
        TaskPermissions.UPDATE);
    grant(Authorization.AUTH_TYPE_GRANT, "eq-u2", null, Resources.TASK, "*", TaskPermissions.READ);
    grant(
        Authorization.AUTH_TYPE_GRANT,
        null,
        "eq-g3",
        Resources.PROCESS_DEFINITION,
        "eq-b",
        ProcessDefinitionPermissions.ALL);
    grant(
        Authorization.AUTH_TYPE_GRANT,
        "eq-u3",
        null,
        Resources.TASK,
        "eq-t2",
        TaskPermissions.TASK_WORK);
    grant(Authorization.AUTH_TYPE_GLOBAL, "*", null, Resources.TASK, "eq-t2", TaskPermissions.READ);
    grant(
        Authorization.AUTH_TYPE_GLOBAL,
        "*",
        null,
        Resources.PROCESS_DEFINITION,
        "eq-c",
        ProcessDefinitionPermissions.READ,
        ProcessDefinitionPermissions.UPDATE_TASK);
    Map<String, List<String>> callers =
        Map.of(
            "eq-u1",
            List.of("eq-g1", "eq-g2"),
            "eq-u2",
            List.of("eq-g3", "eq-none"),
            "eq-u3",
            List.of(),
            "eq-u4",
            List.of("eq-g2"));
    List<String> definitions = java.util.Arrays.asList("eq-a", "eq-b", "eq-c", "eq-z", "*", null);
    List<String> tasks = java.util.Arrays.asList("eq-t1", "eq-t2", "eq-t3", "*", null);
    List<Permission> definitionPermissions =
        List.of(
            ProcessDefinitionPermissions.READ,
            ProcessDefinitionPermissions.READ_TASK,
            ProcessDefinitionPermissions.UPDATE_TASK,
            ProcessDefinitionPermissions.TASK_WORK,
            ProcessDefinitionPermissions.READ_INSTANCE);
    List<Permission> taskPermissions =
        List.of(
            TaskPermissions.READ,
            TaskPermissions.UPDATE,
            TaskPermissions.TASK_WORK,
            TaskPermissions.READ_VARIABLE);
    java.util.Random random = new java.util.Random(7);
    ProcessEngineConfigurationImpl configuration =
        (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    int granted = 0;
    for (int i = 0; i < 400; i++) {
      CompositePermissionCheck check = new CompositePermissionCheck(random.nextBoolean());
      int atomic = 1 + random.nextInt(4);
      for (int j = 0; j < atomic; j++) {
        PermissionCheck permissionCheck = new PermissionCheck();
        boolean definition = random.nextBoolean();
        permissionCheck.setResource(definition ? Resources.PROCESS_DEFINITION : Resources.TASK);
        permissionCheck.setResourceId(
            definition
                ? definitions.get(random.nextInt(definitions.size()))
                : tasks.get(random.nextInt(tasks.size())));
        permissionCheck.setPermission(
            definition
                ? definitionPermissions.get(random.nextInt(definitionPermissions.size()))
                : taskPermissions.get(random.nextInt(taskPermissions.size())));
        permissionCheck.setAuthorizationNotFoundReturnValue(
            List.of(-1L, 0L, 1L).get(random.nextInt(3)) == -1L ? null : (long) random.nextInt(2));
        check.addAtomicCheck(permissionCheck);
      }
      String user =
          List.copyOf(new java.util.TreeSet<>(callers.keySet()))
              .get(random.nextInt(callers.size()));
      List<String> groups = callers.get(user);
      List<Boolean> answers =
          PermissionEvaluationTest.bothAnswers(configuration, user, groups, check);
      assertThat(answers.get(0)).as("check %d for %s", i, user).isEqualTo(answers.get(1));
      granted += answers.get(0) ? 1 : 0;
    }
    // both kinds of answer occur
    assertThat(granted).isBetween(40, 360);
  }

  private void grant(
      int type,
      String user,
      String group,
      Resources resource,
      String resourceId,
      Permission... permissions) {
    Authorization authorization = authorizationService.createNewAuthorization(type);
    authorization.setUserId(user);
    authorization.setGroupId(group);
    authorization.setResource(resource);
    authorization.setResourceId(resourceId);
    for (Permission permission : permissions) {
      authorization.addPermission(permission);
    }
    authorizationService.saveAuthorization(authorization);
  }

  private List<String> indexes(String table) throws Exception {
    List<String> names = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        ResultSet rs = c.getMetaData().getIndexInfo(null, null, table, false, false)) {
      while (rs.next()) {
        names.add(String.valueOf(rs.getString("INDEX_NAME")).toUpperCase());
      }
    }
    return names;
  }
}
