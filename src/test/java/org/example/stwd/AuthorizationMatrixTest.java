package org.example.stwd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.function.Supplier;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.authorization.TaskPermissions;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.example.stwd.core.Phase;
import org.example.stwd.core.UnitStatus;
import org.example.stwd.security.AccessSetup;
import org.example.stwd.security.Roles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * For each role, what it can and cannot see and do, with authorization on: through the Java API as
 * that user, and through REST with that user's credentials.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AuthorizationMatrixTest extends ProcessTestSupport {

  static final String CODE = "AUTH-2023";

  @Autowired IdentityService identityService;
  @Autowired AuthorizationService authorizationService;
  @Autowired FilterService filterService;
  @Autowired AccessSetup accessSetup;
  @LocalServerPort int port;
  private final HttpClient http = HttpClient.newHttpClient();

  private ProcessInstance campaign;
  private Task wc01Plan;
  private Task wc02Plan;

  @BeforeEach
  void campaignForTwoUnits() {
    campaign = campaignFor(CODE, "wc01 wc02");
    wc01Plan = unitTask(CODE, "wc01", Phase.PLAN, "Task_SubmitPlan");
    wc02Plan = unitTask(CODE, "wc02", Phase.PLAN, "Task_SubmitPlan");
  }

  @AfterEach
  void logOut() {
    identityService.clearAuthentication();
    // a wrong password locks the account for a few seconds of engine time, which stands still here
    for (String user : List.of("wc02", "leader01", "hq01", "hq02")) {
      identityService.unlockUser(user);
    }
  }

  private List<String> groupsOf(String user) {
    return identityService.createGroupQuery().groupMember(user).list().stream()
        .map(Group::getId)
        .toList();
  }

  /** Runs the call as the user, with the user's groups, as the webapps and REST do. */
  private <T> T as(String user, Supplier<T> call) {
    identityService.setAuthentication(user, groupsOf(user));
    try {
      return call.get();
    } finally {
      identityService.clearAuthentication();
    }
  }

  private void asUser(String user, Runnable call) {
    as(
        user,
        () -> {
          call.run();
          return null;
        });
  }

  private boolean canOpen(String user, String app) {
    return authorizationService.isUserAuthorized(
        user, groupsOf(user), Permissions.ACCESS, Resources.APPLICATION, app);
  }

  private List<String> visibleTaskKeys(String user) {
    return as(
        user,
        () ->
            taskService.createTaskQuery().list().stream()
                .map(t -> t.getTaskDefinitionKey() + "@" + t.getProcessInstanceId())
                .toList());
  }

  private List<String> filtersOf(String user) {
    return as(
        user,
        () -> filterService.createTaskFilterQuery().list().stream().map(Filter::getName).toList());
  }

  @Test
  void unitContactWorksOnlyItsOwnUnitsTasks() {
    // no webapp: the unit page works the unit's tasks through the Java API as the contact
    assertThat(canOpen("wc01", "tasklist")).isFalse();
    assertThat(canOpen("wc01", "cockpit")).isFalse();
    assertThat(canOpen("wc01", "admin")).isFalse();
    assertThat(filtersOf("wc01")).containsExactly("本单位/本组待办", "我的任务", "已逾期");

    // sees its own plan task only
    assertThat(as("wc01", () -> taskService.createTaskQuery().list()))
        .extracting(Task::getId)
        .containsExactly(wc01Plan.getId());
    assertThat(as("wc01", () -> taskService.createTaskQuery().taskId(wc02Plan.getId()).count()))
        .isZero();
    assertThat(
            as(
                "wc01",
                () ->
                    runtime
                        .createProcessInstanceQuery()
                        .processInstanceId(campaign.getId())
                        .count()))
        .isZero();

    // cannot claim, complete or read another unit's task
    assertThatThrownBy(() -> asUser("wc01", () -> taskService.claim(wc02Plan.getId(), "wc01")))
        .isInstanceOf(AuthorizationException.class);
    assertThatThrownBy(
            () -> asUser("wc01", () -> formService.submitTaskForm(wc02Plan.getId(), plan2023())))
        .isInstanceOf(AuthorizationException.class);
    assertThatThrownBy(() -> asUser("wc01", () -> taskService.getVariables(wc02Plan.getId())))
        .isInstanceOf(AuthorizationException.class);
    // cannot start a campaign
    String campaignDefinition =
        repository
            .createProcessDefinitionQuery()
            .processDefinitionKey("campaign")
            .latestVersion()
            .singleResult()
            .getId();
    assertThatThrownBy(
            () ->
                asUser(
                    "wc01",
                    () ->
                        formService.submitStartForm(
                            campaignDefinition, payload("2023/01-register-notice.json"))))
        .isInstanceOf(AuthorizationException.class);

    // claims and completes its own; wc02 declines, which settles the phase from wc02's own command
    asUser(
        "wc01",
        () -> {
          taskService.claim(wc01Plan.getId(), "wc01");
          formService.submitTaskForm(wc01Plan.getId(), plan2023());
        });
    assertThat(campaignUnits.status(CODE, "wc01", Phase.PLAN)).isEqualTo(UnitStatus.SUBMITTED);
    // HQ's review of its plan is not the unit's task
    assertThat(visibleTaskKeys("wc01")).isEmpty();
    asUser("wc02", () -> formService.submitTaskForm(wc02Plan.getId(), declinePlan()));
    assertThat(campaignUnits.status(CODE, "wc02", Phase.PLAN)).isEqualTo(UnitStatus.DECLINED);
  }

  @Test
  void hqOfficeReviewsStartsCampaignsAndWatchesEverythingButCannotSubmitForAUnit() {
    assertThat(canOpen("hq01", "tasklist")).isTrue();
    assertThat(canOpen("hq01", "cockpit")).isTrue();
    assertThat(canOpen("hq01", "admin")).isFalse();
    assertThat(filtersOf("hq01"))
        .containsExactly("本单位/本组待办", "我的任务", "已逾期", "待审核的活动方案", "待审核的活动总结", "全部活动任务");

    // reads every task of the campaign, and the processes and their history (Cockpit)
    assertThat(
            as(
                "hq01",
                () -> taskService.createTaskQuery().processDefinitionKey("unit-plan").count()))
        .isEqualTo(2);
    assertThat(as("hq01", () -> runtime.createProcessInstanceQuery().count())).isEqualTo(3);
    assertThat(as("hq01", () -> history.createHistoricProcessInstanceQuery().count()))
        .isEqualTo(history.createHistoricProcessInstanceQuery().count())
        .isPositive();
    // but a unit's submission is the unit's
    assertThatThrownBy(
            () -> asUser("hq01", () -> formService.submitTaskForm(wc01Plan.getId(), plan2023())))
        .isInstanceOf(AuthorizationException.class);

    submit(wc01Plan, plan2023());
    Task review = unitTask(CODE, "wc01", Phase.PLAN, "Task_ReviewPlan");
    asUser(
        "hq01",
        () -> {
          taskService.claim(review.getId(), "hq01");
          formService.submitTaskForm(review.getId(), approve("planDecision"));
        });
    assertThat(campaignUnits.status(CODE, "wc01", Phase.PLAN)).isEqualTo(UnitStatus.APPROVED);

    // starts a campaign of its own
    String definition =
        repository
            .createProcessDefinitionQuery()
            .processDefinitionKey("campaign")
            .latestVersion()
            .singleResult()
            .getId();
    ProcessInstance started =
        as(
            "hq01",
            () ->
                formService.submitStartForm(
                    definition,
                    with(payload("2023/01-register-notice.json"), "campaignCode", "AUTH-2023B")));
    assertThat(
            as(
                "hq01",
                () ->
                    taskService
                        .createTaskQuery()
                        .processInstanceId(started.getId())
                        .taskDefinitionKey("Task_DraftForwarding")
                        .count()))
        .isEqualTo(1);
    // unit processes are started by the campaign, not by hand
    assertThatThrownBy(() -> asUser("hq01", () -> runtime.startProcessInstanceByKey("unit-plan")))
        .isInstanceOf(AuthorizationException.class);
  }

  @Test
  void hqReadsUnitTasksThroughItsProcessDefinitionGrantAndAnEarlierTaskGrantIsRemoved() {
    // earlier versions also granted hq-office READ on every task
    Authorization earlier =
        authorizationService.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
    earlier.setGroupId(Roles.HQ_OFFICE);
    earlier.setResource(Resources.TASK);
    earlier.setResourceId(Authorization.ANY);
    earlier.addPermission(Permissions.READ);
    authorizationService.saveAuthorization(earlier);

    accessSetup.run(null);

    assertThat(
            authorizationService
                .createAuthorizationQuery()
                .groupIdIn(Roles.HQ_OFFICE)
                .resourceType(Resources.TASK)
                .resourceId(Authorization.ANY)
                .count())
        .isZero();
    // a permission an administrator added to that grant stays; only READ is taken back
    Authorization extended =
        authorizationService.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
    extended.setGroupId(Roles.HQ_OFFICE);
    extended.setResource(Resources.TASK);
    extended.setResourceId(Authorization.ANY);
    extended.addPermission(Permissions.READ);
    extended.addPermission(TaskPermissions.TASK_ASSIGN);
    authorizationService.saveAuthorization(extended);
    try {
      accessSetup.run(null);
      Authorization kept =
          authorizationService
              .createAuthorizationQuery()
              .groupIdIn(Roles.HQ_OFFICE)
              .resourceType(Resources.TASK)
              .resourceId(Authorization.ANY)
              .singleResult();
      assertThat(kept.isPermissionGranted(TaskPermissions.TASK_ASSIGN)).isTrue();
      assertThat(kept.isPermissionGranted(Permissions.READ)).isFalse();
    } finally {
      authorizationService
          .createAuthorizationQuery()
          .groupIdIn(Roles.HQ_OFFICE)
          .resourceType(Resources.TASK)
          .resourceId(Authorization.ANY)
          .list()
          .forEach(a -> authorizationService.deleteAuthorization(a.getId()));
    }
    assertThat(
            as(
                "hq01",
                () -> taskService.createTaskQuery().processDefinitionKey("unit-plan").list()))
        .extracting(Task::getId)
        .containsExactlyInAnyOrder(wc01Plan.getId(), wc02Plan.getId());
    assertThat(
            as(
                "hq01",
                () ->
                    filterService.count(
                        filterService
                            .createFilterQuery()
                            .filterName("全部活动任务")
                            .singleResult()
                            .getId())))
        .isEqualTo(taskService.createTaskQuery().count());
  }

  @Test
  void revocationsAreRefusedSoThatTheEngineNeedNotCheckForThem() throws Exception {
    assertThat(engine.getProcessEngineConfiguration().getAuthorizationCheckRevokes())
        .isEqualTo("never");
    Authorization revoke =
        authorizationService.createNewAuthorization(Authorization.AUTH_TYPE_REVOKE);
    revoke.setUserId("wc01");
    revoke.setResource(Resources.PROCESS_DEFINITION);
    revoke.setResourceId("unit-plan");
    revoke.removePermission(Permissions.READ);
    assertThatThrownBy(() -> authorizationService.saveAuthorization(revoke))
        .hasMessageContaining("不支持撤销（REVOKE）授权");
    // through REST as the administrator: a 400 with the same message, and nothing written
    HttpResponse<String> rest =
        call(
            "POST",
            "/engine-rest/authorization/create",
            "admin",
            "test",
            "{\"type\": 2, \"permissions\": [\"READ\"], \"userId\": \"wc01\", \"resourceType\": 6, \"resourceId\": \"unit-plan\"}");
    assertThat(rest.statusCode()).isEqualTo(400);
    assertThat(rest.body()).contains("不支持撤销（REVOKE）授权");
    assertThat(
            authorizationService
                .createAuthorizationQuery()
                .authorizationType(Authorization.AUTH_TYPE_REVOKE)
                .count())
        .isZero();
    // and a database that has one (written around the engine) is refused at start
    jdbc.update(
        "INSERT INTO ACT_RU_AUTHORIZATION (ID_, REV_, TYPE_, USER_ID_, RESOURCE_TYPE_, RESOURCE_ID_, PERMS_) VALUES ('revoke-test', 1, 2, 'wc01', 6, 'unit-plan', -3)");
    try {
      assertThatThrownBy(() -> accessSetup.run(null))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("REVOKE authorizations");
    } finally {
      jdbc.update("DELETE FROM ACT_RU_AUTHORIZATION WHERE ID_ = 'revoke-test'");
    }
  }

  @Test
  void leadersSeeTheirApprovalsOnly() {
    assertThat(canOpen("leader01", "tasklist")).isTrue();
    assertThat(canOpen("leader01", "cockpit")).isFalse();
    assertThat(filtersOf("leader01")).containsExactly("本单位/本组待办", "我的任务", "已逾期");
    assertThat(visibleTaskKeys("leader01")).isEmpty();

    ProcessInstance other =
        startCampaign(with(payload("2023/01-register-notice.json"), "campaignCode", "AUTH-2023C"));
    submit(task(other.getId(), "Task_DraftForwarding"), payload("2023/02-draft-forwarding.json"));
    assertThat(visibleTaskKeys("leader01"))
        .containsExactly("Task_ApproveForwarding@" + other.getId());
    assertThat(as("leader01", () -> taskService.createTaskQuery().taskId(wc01Plan.getId()).count()))
        .isZero();
    String definition =
        repository
            .createProcessDefinitionQuery()
            .processDefinitionKey("campaign")
            .latestVersion()
            .singleResult()
            .getId();
    assertThatThrownBy(
            () ->
                asUser(
                    "leader01",
                    () ->
                        formService.submitStartForm(
                            definition, payload("2023/01-register-notice.json"))))
        .isInstanceOf(AuthorizationException.class);
  }

  @Test
  void adminCanDoEverything() {
    assertThat(canOpen("admin", "admin")).isTrue();
    assertThat(canOpen("admin", "cockpit")).isTrue();
    assertThat(as("admin", () -> taskService.createTaskQuery().count())).isEqualTo(2);
    asUser("admin", () -> formService.submitTaskForm(wc02Plan.getId(), declinePlan()));
    assertThat(campaignUnits.status(CODE, "wc02", Phase.PLAN)).isEqualTo(UnitStatus.DECLINED);
  }

  // ---- REST ----

  private HttpResponse<String> call(
      String method, String path, String user, String password, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .header("Content-Type", "application/json");
    if (user != null) {
      request.header("Authorization", PackagedApp.basic(user, password));
    }
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void restNeedsALoginAndAppliesTheUsersAuthorizations() throws Exception {
    // no credentials, or wrong ones: 401 on the engine's REST and on the application's own
    assertThat(call("GET", "/engine-rest/task", null, null, null).statusCode()).isEqualTo(401);
    assertThat(call("GET", "/engine-rest/task", "wc02", "wrong", null).statusCode()).isEqualTo(401);
    assertThat(call("GET", "/api/mail-log", null, null, null).statusCode()).isEqualTo(401);
    assertThat(call("GET", "/api/mail-log", "leader01", "wrong", null).statusCode()).isEqualTo(401);

    // a unit contact has no engine REST at all (its door is the unit page): 403 in Chinese, also
    // for its own task, another unit's and starting a campaign
    for (String[] request :
        new String[][] {
          {"GET", "/engine-rest/task", null},
          {"GET", "/engine-rest/task/" + wc01Plan.getId(), null},
          {"GET", "/engine-rest/task/" + wc02Plan.getId(), null},
          {"POST", "/engine-rest/task/" + wc02Plan.getId() + "/claim", "{\"userId\":\"wc01\"}"},
          {"POST", "/engine-rest/task/" + wc01Plan.getId() + "/complete", "{\"variables\":{}}"},
          {"POST", "/engine-rest/process-definition/key/campaign/submit-form", "{\"variables\":{}}"}
        }) {
      HttpResponse<String> refused = call(request[0], request[1], "wc01", "test", request[2]);
      assertThat(refused.statusCode()).as(request[1]).isEqualTo(403);
      assertThat(refused.body()).contains("单位报送");
    }
    assertThat(taskService.createTaskQuery().taskId(wc02Plan.getId()).singleResult().getAssignee())
        .isNull();
    // nor use HQ's endpoints
    assertThat(call("GET", "/api/mail-log", "wc01", "test", null).statusCode()).isEqualTo(403);
    assertThat(call("POST", "/api/campaigns/" + CODE + "/urges", "wc01", "test", "{}").statusCode())
        .isEqualTo(403);
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM stwd_urge", Integer.class)).isZero();

    // HQ: every task, HQ's endpoints, and its name on the urges it makes
    HttpResponse<String> all =
        call("GET", "/engine-rest/task?processDefinitionKey=unit-plan", "hq01", "test", null);
    assertThat(all.body()).contains(wc01Plan.getId(), wc02Plan.getId());
    assertThat(call("GET", "/api/mail-log?campaign=" + CODE, "hq01", "test", null).statusCode())
        .isEqualTo(200);
    assertThat(
            call(
                    "POST",
                    "/api/campaigns/" + CODE + "/urges",
                    "hq01",
                    "test",
                    "{\"units\":[\"wc01\"]}")
                .statusCode())
        .isEqualTo(200);
    assertThat(jdbc.queryForObject("SELECT urged_by FROM stwd_urge", String.class))
        .isEqualTo("hq01");
    // admin too
    assertThat(call("GET", "/api/mail-log", "admin", "test", null).statusCode()).isEqualTo(200);
    assertThat(call("GET", "/engine-rest/authorization/count", "admin", "test", null).body())
        .doesNotContain("\"count\":0");
  }

  @Test
  void restLoginsAreRememberedOnlyUntilTheUserOrTheirGroupsChange() throws Exception {
    // the engine's REST answers for its own engine only, and challenges as the engine did
    assertThat(
            call("GET", "/engine-rest/engine/default/task", "leader01", "test", null).statusCode())
        .isEqualTo(200);
    assertThat(call("GET", "/engine-rest/engine/other/task", "leader01", "test", null).statusCode())
        .isEqualTo(404);
    assertThat(
            call("GET", "/engine-rest/task", null, null, null)
                .headers()
                .firstValue("WWW-Authenticate"))
        .hasValue("Basic realm=\"default\"");

    // a remembered login does not make a wrong password right, and the engine's lock-out after a
    // wrong password (a few seconds, while the engine's clock stands still here) ends it too
    assertThat(call("GET", "/engine-rest/task", "leader01", "test", null).statusCode())
        .isEqualTo(200);
    assertThat(call("GET", "/engine-rest/task", "leader01", "wrong", null).statusCode())
        .isEqualTo(401);
    assertThat(call("GET", "/engine-rest/task", "leader01", "test", null).statusCode())
        .isEqualTo(401);
    identityService.unlockUser("leader01");
    assertThat(call("GET", "/engine-rest/task", "leader01", "test", null).statusCode())
        .isEqualTo(200);
    assertThat(call("GET", "/api/mail-log", "hq01", "test", null).statusCode()).isEqualTo(200);
    assertThat(call("GET", "/api/mail-log", "hq01", "wrong", null).statusCode()).isEqualTo(401);
    identityService.unlockUser("hq01");

    // hq01 was remembered above; leaving HQ's group takes the units' tasks away at once
    assertThat(call("GET", "/engine-rest/task", "hq01", "test", null).body())
        .contains(wc01Plan.getId());
    identityService.deleteMembership("hq01", "hq-office");
    try {
      assertThat(call("GET", "/engine-rest/task", "hq01", "test", null).body())
          .doesNotContain(wc01Plan.getId());
    } finally {
      identityService.createMembership("hq01", "hq-office");
    }
    assertThat(call("GET", "/engine-rest/task", "hq01", "test", null).body())
        .contains(wc01Plan.getId());
    // and a unit contact's remembered login is refused here whatever it was
    assertThat(call("GET", "/engine-rest/task", "wc02", "test", null).statusCode()).isEqualTo(403);

    // a new password: the old one no longer logs in, on the engine's REST or the application's
    assertThat(call("GET", "/api/mail-log", "hq02", "test", null).statusCode()).isEqualTo(200);
    org.camunda.bpm.engine.identity.User hq02 =
        identityService.createUserQuery().userId("hq02").singleResult();
    hq02.setPassword("changed-Pa55");
    identityService.saveUser(hq02);
    try {
      assertThat(call("GET", "/api/mail-log", "hq02", "test", null).statusCode()).isEqualTo(401);
      assertThat(call("GET", "/engine-rest/task", "hq02", "test", null).statusCode())
          .isEqualTo(401);
      // (the wrong attempts locked the account for a while, as before)
      assertThat(call("GET", "/api/mail-log", "hq02", "changed-Pa55", null).statusCode())
          .isEqualTo(401);
      identityService.unlockUser("hq02");
      assertThat(call("GET", "/api/mail-log", "hq02", "changed-Pa55", null).statusCode())
          .isEqualTo(200);
    } finally {
      // (the wrong attempts above changed the user's row: read it again)
      org.camunda.bpm.engine.identity.User again =
          identityService.createUserQuery().userId("hq02").singleResult();
      again.setPassword("test");
      identityService.saveUser(again);
      identityService.unlockUser("hq02");
    }
    assertThat(call("GET", "/engine-rest/task", "hq02", "test", null).statusCode()).isEqualTo(200);
  }
}
