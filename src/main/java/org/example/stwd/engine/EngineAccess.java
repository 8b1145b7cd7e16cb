package org.example.stwd.engine;

import java.util.List;
import java.util.function.Supplier;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.impl.cfg.CommandChecker;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.persistence.entity.AuthorizationEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.FilterEntity;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;

/**
 * What the product's own code needs from the engine beyond its public API, in one place: each
 * method says why the public API does not do. Callers run inside an engine command (listeners,
 * delegates, the jobs' mail steps) unless said otherwise.
 */
public final class EngineAccess {

  private EngineAccess() {}

  /**
   * Runs the product's own bookkeeping inside the caller's command without the caller's
   * authorization checks (a unit's contact whose completion must read the campaign's values).
   */
  public static <T> T withoutAuthorization(Supplier<T> work) {
    return Context.getCommandContext().runWithoutAuthorization(work::get);
  }

  /**
   * After the caller's transaction: runs the work in a transaction of its own, without the caller's
   * authorization checks (the public API would run it with them, in no transaction).
   */
  public static void inNewTransactionWithoutAuthorization(ProcessEngine engine, Runnable work) {
    ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration())
        .getCommandExecutorTxRequiresNew()
        .execute(
            commandContext ->
                commandContext.runWithoutAuthorization(
                    () -> {
                      work.run();
                      return null;
                    }));
  }

  /**
   * The user whose command is running (a listener's caller), or null for the engine's own work
   * (jobs). The public {@code IdentityService.getCurrentAuthentication()} returns an
   * engine-internal type.
   */
  public static String currentUserId() {
    return Context.getCommandContext().getAuthenticatedUserId();
  }

  /**
   * The key of the execution's process definition, from the engine's deployment cache (no query).
   */
  public static String processDefinitionKey(DelegateExecution execution) {
    return ((ExecutionEntity) execution).getProcessDefinition().getKey();
  }

  /**
   * Another process instance, as its own delegates see it (its variables, its open task), for a
   * batch job that acts for many unit processes in one transaction (ADR 0007).
   */
  public static DelegateExecution processInstance(String processInstanceId) {
    return Context.getCommandContext().getExecutionManager().findExecutionById(processInstanceId);
  }

  /**
   * A process instance's tasks by its id (one indexed statement), not through a task query, whose
   * dynamic SQL is built anew per call (ADR 0007).
   */
  public static List<? extends Task> tasksOf(String processInstanceId) {
    return Context.getCommandContext()
        .getTaskManager()
        .findTasksByProcessInstanceId(processInstanceId);
  }

  /**
   * The open task of that id if the group is one of its candidate groups and the caller may read it
   * (the engine's READ check on the task, as a task query applies it), else null: the task by its
   * id and its identity links, two static statements, instead of a task query, whose SQL MyBatis
   * built anew per call: 18 % of the application's CPU samples during the unit submissions (ADR
   * 0007, 0015). Runs as the caller's authentication, in a command of its own.
   */
  public static Task openTaskOfGroup(ProcessEngine engine, String taskId, String groupId) {
    ProcessEngineConfigurationImpl configuration =
        (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    return configuration
        .getCommandExecutorTxRequired()
        .execute(
            context -> {
              TaskEntity task = context.getTaskManager().findTaskById(taskId);
              if (task == null
                  || task.isSuspended()
                  || task.getIdentityLinks().stream()
                      .noneMatch(
                          link ->
                              IdentityLinkType.CANDIDATE.equals(link.getType())
                                  && groupId.equals(link.getGroupId()))) {
                return null;
              }
              try {
                for (CommandChecker checker : configuration.getCommandCheckers()) {
                  checker.checkReadTask(task);
                }
              } catch (AuthorizationException e) {
                return null;
              }
              return task;
            });
  }

  /** How long the job executor holds a job's lock: a batch job must finish well within it. */
  public static long jobLockTimeMillis(ProcessEngine engine) {
    return ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration())
        .getJobExecutor()
        .getLockTimeInMillis();
  }

  /** Whether the engine runs on PostgreSQL (inside a command). */
  public static boolean onPostgres() {
    return "postgres".equals(Context.getProcessEngineConfiguration().getDatabaseType());
  }

  /** A filter's query as the engine stores it (JSON), to compare two filters' queries. */
  public static String queryJson(Filter filter) {
    return String.valueOf(((FilterEntity) filter).getQueryInternal());
  }

  /** Whether a grant is left with no permission at all. */
  public static boolean grantsNothing(Authorization authorization) {
    return ((AuthorizationEntity) authorization).getPermissions() == Permissions.NONE.getValue();
  }
}
