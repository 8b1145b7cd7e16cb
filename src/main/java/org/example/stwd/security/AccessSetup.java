package org.example.stwd.security;

import static org.camunda.bpm.engine.authorization.Authorization.AUTH_TYPE_GRANT;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.ProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.task.TaskQuery;
import org.example.stwd.engine.EngineAccess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Who may do what, created idempotently at every start (authorization is on):
 *
 * <ul>
 *   <li>unit contacts ({@code unit-contacts}): no webapp (they use the unit page). They see and
 *       work only the tasks of their own unit: the engine grants a task's candidate group READ and
 *       TASK_WORK on that task (claim and complete; not rename, delegate, reassign or add
 *       candidates).
 *   <li>{@code hq-office}: Tasklist and Cockpit; starts campaigns; reads every process, task and
 *       its history; retries jobs and resolves incidents; works the tasks it is candidate for. It
 *       does not change running processes or their variables.
 *   <li>{@code hq-leaders}: Tasklist; works its approval tasks.
 *   <li>{@code camunda-admin}: everything (granted by Camunda's admin-user setup).
 * </ul>
 *
 * <p>And the Tasklist filters, in Chinese, each visible to the groups it serves.
 */
@Component
@Order(100)
public class AccessSetup implements ApplicationRunner {

  private static final Logger LOG = LoggerFactory.getLogger(AccessSetup.class);
  private static final String ANY = "*";

  private final AuthorizationService authorizations;
  private final IdentityService identity;
  private final FilterService filters;
  private final TaskService tasks;
  private final JdbcTemplate jdbc;

  public AccessSetup(
      AuthorizationService authorizations,
      IdentityService identity,
      FilterService filters,
      TaskService tasks,
      JdbcTemplate jdbc) {
    this.identity = identity;
    this.authorizations = authorizations;
    this.filters = filters;
    this.tasks = tasks;
    this.jdbc = jdbc;
  }

  @Override
  public void run(ApplicationArguments args) {
    // several nodes may start at once on one database: a node that loses a race to write the same
    // grant or filter finds the other node's row and goes on
    // the product's groups exist on an empty database too (the directory puts contacts in
    // unit-contacts; HQ's staff are put in hq-office and hq-leaders in Camunda Admin)
    onceAmongNodes("groups", this::groups);
    onceAmongNodes("grants", this::grants);
    onceAmongNodes("filters", this::filters);
    LOG.info("Authorizations and Tasklist filters are in place");
  }

  private static void onceAmongNodes(String what, Runnable setup) {
    for (int attempt = 1; ; attempt++) {
      try {
        setup.run();
        return;
      } catch (ProcessEngineException e) {
        if (attempt == 3) {
          throw e;
        }
        LOG.info(
            "Setting up {} raced with another node ({}); checking again", what, e.getMessage());
      }
    }
  }

  void groups() {
    group(Roles.HQ_OFFICE, "组织宣传部");
    group(Roles.HQ_LEADERS, "学会领导");
    group(Roles.UNIT_CONTACTS, "各单位联系人");
  }

  private void group(String id, String name) {
    if (identity.createGroupQuery().groupId(id).count() == 0) {
      Group group = identity.newGroup(id);
      group.setName(name);
      group.setType("WORKFLOW");
      identity.saveGroup(group);
    }
  }

  void grants() {
    // the engine does not look for revocations (authorization-check-revokes: never, ADR 0007),
    // so one left in the database would be ignored: refuse to run rather than grant too much
    long revokes =
        authorizations
            .createAuthorizationQuery()
            .authorizationType(Authorization.AUTH_TYPE_REVOKE)
            .count();
    if (revokes > 0) {
      throw new IllegalStateException(
          revokes
              + " REVOKE authorizations are in the database. This application grants access and never"
              + " revokes it, and its engine does not check revocations (ADR 0007): delete them, or the grants they were meant to limit, before starting");
    }
    // webapps
    // unit contacts have no webapp: they report through the unit page (docs/UNIT-PAGE.md); the
    // Tasklist grant of earlier versions is deleted
    ungrant(Roles.UNIT_CONTACTS, Resources.APPLICATION, "tasklist");
    grant(Roles.HQ_LEADERS, Resources.APPLICATION, "tasklist", Permissions.ACCESS);
    grant(Roles.HQ_OFFICE, Resources.APPLICATION, "tasklist", Permissions.ACCESS);
    grant(Roles.HQ_OFFICE, Resources.APPLICATION, "cockpit", Permissions.ACCESS);

    // unit contacts: the definitions of their processes (Tasklist shows their names), nothing else
    grant(
        Roles.UNIT_CONTACTS,
        Resources.PROCESS_DEFINITION,
        "unit-plan",
        ProcessDefinitionPermissions.READ);
    grant(
        Roles.UNIT_CONTACTS,
        Resources.PROCESS_DEFINITION,
        "unit-summary",
        ProcessDefinitionPermissions.READ);

    // leaders: the definitions, for Tasklist
    grant(Roles.HQ_LEADERS, Resources.PROCESS_DEFINITION, ANY, ProcessDefinitionPermissions.READ);

    // HQ office: starts campaigns, watches everything in Cockpit and retries failed jobs there. It
    // does not change running processes: no UPDATE on instances, which would let it edit or delete
    // a unit's submitted variables, correlate messages or move tokens (administrators may, and the
    // engine's user operation log records who did)
    grant(
        Roles.HQ_OFFICE,
        Resources.PROCESS_DEFINITION,
        ANY,
        ProcessDefinitionPermissions.READ,
        ProcessDefinitionPermissions.READ_INSTANCE,
        ProcessDefinitionPermissions.RETRY_JOB,
        ProcessDefinitionPermissions.READ_HISTORY,
        ProcessDefinitionPermissions.READ_TASK);
    withdraw(
        Roles.HQ_OFFICE,
        Resources.PROCESS_DEFINITION,
        ANY,
        ProcessDefinitionPermissions.UPDATE_INSTANCE);
    grant(
        Roles.HQ_OFFICE,
        Resources.PROCESS_DEFINITION,
        "campaign",
        ProcessDefinitionPermissions.CREATE_INSTANCE);
    grant(
        Roles.HQ_OFFICE,
        Resources.PROCESS_INSTANCE,
        ANY,
        ProcessInstancePermissions.READ,
        ProcessInstancePermissions.RETRY_JOB,
        ProcessInstancePermissions.CREATE);
    withdraw(Roles.HQ_OFFICE, Resources.PROCESS_INSTANCE, ANY, ProcessInstancePermissions.UPDATE);
    workOnlyOnOpenTasks();
    // every task HQ sees belongs to a process definition, so READ_TASK above covers them all; a
    // TASK * READ grant as well (earlier versions wrote one) would double the rows that the task
    // queries join and sort at 10,000 open tasks (ADR 0007)
    withdraw(Roles.HQ_OFFICE, Resources.TASK, ANY, Permissions.READ);
    grant(Roles.HQ_OFFICE, Resources.DEPLOYMENT, ANY, Permissions.READ);
    grant(Roles.HQ_OFFICE, Resources.USER, ANY, Permissions.READ);
    grant(Roles.HQ_OFFICE, Resources.GROUP, ANY, Permissions.READ);
  }

  /**
   * Tasks created before {@code default-user-permission-name-for-task: TASK_WORK} gave their
   * candidates and assignee READ and UPDATE (the engine's default): they keep READ and get
   * TASK_WORK instead of UPDATE, as new tasks do. One statement; a no-op once done. It can go once
   * no task of a version before 0.2 is open (after the 2027 campaign).
   */
  void workOnlyOnOpenTasks() {
    int readAndUpdate = Permissions.READ.getValue() | Permissions.UPDATE.getValue();
    int readAndWork = Permissions.READ.getValue() | Permissions.TASK_WORK.getValue();
    int changed =
        jdbc.update(
            "UPDATE ACT_RU_AUTHORIZATION SET PERMS_ = ?, REV_ = REV_ + 1 WHERE TYPE_ = ? AND RESOURCE_TYPE_ = ? AND RESOURCE_ID_ <> ? AND PERMS_ = ?",
            readAndWork,
            AUTH_TYPE_GRANT,
            Resources.TASK.resourceType(),
            ANY,
            readAndUpdate);
    if (changed > 0) {
      LOG.info(
          "{} task grants of candidates and assignees now allow working on the task only (TASK_WORK instead of UPDATE)",
          changed);
    }
  }

  void filters() {
    List<String> everyone = List.of(Roles.UNIT_CONTACTS, Roles.HQ_OFFICE, Roles.HQ_LEADERS);
    List<String> hq = List.of(Roles.HQ_OFFICE);
    filter(
        "本单位/本组待办",
        10,
        "#2e7d32",
        "分配给我所在单位或部门、尚未办结的任务（含已认领的）",
        everyone,
        tasks
            .createTaskQuery()
            .taskCandidateGroupInExpression("${currentUserGroups()}")
            .includeAssignedTasks());
    filter(
        "我的任务",
        20,
        "#1565c0",
        "已由我认领的任务",
        everyone,
        tasks.createTaskQuery().taskAssigneeExpression("${currentUser()}"));
    filter(
        "已逾期",
        30,
        "#c62828",
        "已过到期日期仍未办结的任务",
        everyone,
        tasks.createTaskQuery().dueBeforeExpression("${now()}"));
    filter(
        "待审核的活动方案",
        40,
        "#6a1b9a",
        "各单位已提交、等待组织宣传部审核的活动方案",
        hq,
        tasks.createTaskQuery().taskDefinitionKey("Task_ReviewPlan"));
    filter(
        "待审核的活动总结",
        50,
        "#6a1b9a",
        "各单位已提交、等待组织宣传部审核的活动总结",
        hq,
        tasks.createTaskQuery().taskDefinitionKey("Task_ReviewSummary"));
    filter(
        "全部活动任务",
        60,
        "#455a64",
        "本系统全部流程的全部待办任务（含各单位的报送任务）",
        hq,
        tasks.createTaskQuery().processDefinitionKeyIn("campaign", "unit-plan", "unit-summary"));
    // the starter's English "show all" filter of earlier versions is replaced by the ones above
    Filter old = filters.createTaskFilterQuery().filterName("全部任务").singleResult();
    if (old != null) {
      filters.deleteFilter(old.getId());
    }
  }

  private void filter(
      String name,
      int priority,
      String color,
      String description,
      List<String> groups,
      TaskQuery query) {
    Filter filter = filters.createTaskFilterQuery().filterName(name).singleResult();
    if (filter == null) {
      filter = filters.newTaskFilter(name);
    }
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("description", description);
    properties.put("priority", priority);
    properties.put("color", color);
    properties.put("refresh", true);
    properties.put("showUndefinedVariable", false);
    properties.put(
        "variables",
        List.of(
            Map.of("name", "campaignCode", "label", "活动编号"),
            Map.of("name", "unitName", "label", "单位"),
            Map.of("name", "unitCategoryLabel", "label", "单位类别")));
    TaskQuery ordered = query.orderByDueDate().asc().orderByTaskCreateTime().asc();
    // rewrite a filter only when it changed: nodes starting together would otherwise update the
    // same row
    boolean unchanged =
        filter.getId() != null
            && properties.equals(filter.getProperties())
            && queryJson(filter).equals(queryJson(filters.newTaskFilter().setQuery(ordered)));
    if (!unchanged) {
      filter.setProperties(properties);
      filter.setQuery(ordered);
      filter = filters.saveFilter(filter);
    }
    for (String group : groups) {
      grant(group, Resources.FILTER, filter.getId(), Permissions.READ);
    }
  }

  private static String queryJson(Filter filter) {
    return EngineAccess.queryJson(filter);
  }

  /**
   * Takes back a permission that an earlier version granted and this one no longer gives. Other
   * permissions an administrator added to the same grant stay; a grant left with none is deleted.
   */
  private void withdraw(
      String groupId, Resource resource, String resourceId, Permission permission) {
    Authorization auth = groupGrant(groupId, resource, resourceId);
    if (auth == null || !auth.isPermissionGranted(permission)) {
      return;
    }
    auth.removePermission(permission);
    if (EngineAccess.grantsNothing(auth)) {
      authorizations.deleteAuthorization(auth.getId());
    } else {
      authorizations.saveAuthorization(auth);
    }
    LOG.info(
        "Withdrew {} on {} {} from {}",
        permission.getName(),
        resource.resourceName(),
        resourceId,
        groupId);
  }

  private void grant(
      String groupId, Resource resource, String resourceId, Permission... permissions) {
    Authorization auth = groupGrant(groupId, resource, resourceId);
    if (auth == null) {
      auth = authorizations.createNewAuthorization(AUTH_TYPE_GRANT);
      auth.setGroupId(groupId);
      auth.setResource(resource);
      auth.setResourceId(resourceId);
    }
    boolean missing = false;
    for (Permission p : permissions) {
      if (!auth.isPermissionGranted(p)) {
        auth.addPermission(p);
        missing = true;
      }
    }
    if (missing) {
      authorizations.saveAuthorization(auth);
    }
  }

  /** Deletes a grant of earlier versions (access is taken away by deleting, ADR 0007). */
  private void ungrant(String groupId, Resource resource, String resourceId) {
    Authorization auth = groupGrant(groupId, resource, resourceId);
    if (auth != null) {
      authorizations.deleteAuthorization(auth.getId());
      LOG.info("Deleted the grant of {} on {} {}", groupId, resource.resourceName(), resourceId);
    }
  }

  private Authorization groupGrant(String groupId, Resource resource, String resourceId) {
    return authorizations
        .createAuthorizationQuery()
        .authorizationType(AUTH_TYPE_GRANT)
        .groupIdIn(groupId)
        .resourceType(resource)
        .resourceId(resourceId)
        .singleResult();
  }
}
