package org.example.stwd.engine;

import java.io.InputStream;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.delegate.Expression;
import org.camunda.bpm.engine.form.CamundaFormRef;
import org.camunda.bpm.engine.history.HistoricJobLog;
import org.camunda.bpm.engine.impl.HistoricJobLogQueryImpl;
import org.camunda.bpm.engine.impl.JobQueryImpl;
import org.camunda.bpm.engine.impl.ProcessInstantiationBuilderImpl;
import org.camunda.bpm.engine.impl.cfg.CommandChecker;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.AbstractSetJobStateCmd;
import org.camunda.bpm.engine.impl.cmd.AddCommentCmd;
import org.camunda.bpm.engine.impl.cmd.AssignTaskCmd;
import org.camunda.bpm.engine.impl.cmd.CompleteTaskCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteJobCmd;
import org.camunda.bpm.engine.impl.cmd.ExecuteJobsCmd;
import org.camunda.bpm.engine.impl.cmd.GetJobExceptionStacktraceCmd;
import org.camunda.bpm.engine.impl.cmd.RecalculateJobDuedateCmd;
import org.camunda.bpm.engine.impl.cmd.SaveAuthorizationCmd;
import org.camunda.bpm.engine.impl.cmd.SetJobDuedateCmd;
import org.camunda.bpm.engine.impl.cmd.SetJobPriorityCmd;
import org.camunda.bpm.engine.impl.cmd.SetJobRetriesCmd;
import org.camunda.bpm.engine.impl.cmd.StartProcessInstanceAtActivitiesCmd;
import org.camunda.bpm.engine.impl.cmd.StartProcessInstanceCmd;
import org.camunda.bpm.engine.impl.cmd.SubmitStartFormCmd;
import org.camunda.bpm.engine.impl.cmd.SubmitTaskFormCmd;
import org.camunda.bpm.engine.impl.cmd.UnlockJobCmd;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.form.FormDefinition;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.impl.jobexecutor.FailedJobListener;
import org.camunda.bpm.engine.impl.jobexecutor.JobFailureCollector;
import org.camunda.bpm.engine.impl.persistence.entity.AuthorizationEntity;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.impl.task.TaskDefinition;
import org.camunda.bpm.engine.runtime.Job;
import org.example.stwd.validation.FormFields;
import org.example.stwd.validation.InvalidInputException;

/**
 * The rules every door to the engine (REST, the webapps' API, the Java API) passes through, for the
 * commands that a caller starts itself (commands the engine runs inside them are its own):
 *
 * <ul>
 *   <li><b>A completion carries exactly its form's fields.</b> Completing a task (complete,
 *       submit-form, resolve) or starting a process that has a start form accepts only the
 *       variables the deployed Camunda Form declares, and in a dynamic list only its items' fields.
 *       Anything else is refused with the names, and nothing is written. Camunda's form fields do
 *       not restrict the variables a completion may carry; this does. Identity variables (unit,
 *       campaign, phase) are on no form, so no completion can change them.
 *   <li><b>Authorization before a job is touched.</b> Executing a job through the API checks the
 *       caller's permission before the job runs, and a refused call is not recorded as the job's
 *       failure: the engine checks inside the job and then records the refusal like any failure (a
 *       retry lost, the due date moved to five minutes from now, an incident after three calls).
 *       Jobs without a process (history cleanup) are for administrators only: the engine does not
 *       check them at all.
 *   <li><b>The history-cleanup job is not listed</b> to anyone but administrators.
 *   <li><b>Comments only where one may look.</b> The engine checks no permission for a comment: a
 *       comment goes only on a task or process instance the caller may read.
 *   <li><b>No revocations.</b> Access is granted, never revoked, and the engine is told not to look
 *       for revocations ({@code authorization-check-revokes: never}, ADR 0007): saving one (Admin,
 *       REST) is refused, so that none is silently ignored.
 *   <li><b>Giving back one's own claim</b> (unclaim) stays possible: candidates hold only {@code
 *       TASK_WORK} on a task (not {@code UPDATE}: no renaming, delegating or adding candidates),
 *       and the engine asks for {@code TASK_ASSIGN} even to clear one's own claim.
 * </ul>
 *
 * <p>The commands' inputs are read from their fields; {@link #verifyEngineShape()} checks at start
 * that the engine still has them, so an engine upgrade that renames one fails the start instead of
 * opening a door.
 */
public class EngineDoorGuard extends CommandInterceptor {

  static final String NO_REVOKES =
      "本系统只使用授予（GRANT）和全局（GLOBAL）授权，不支持撤销（REVOKE）授权：请删除相应的授予，而不是另建撤销授权";
  static final String ADMIN_ONLY_JOB = "只有系统管理员可以操作不属于任何流程的系统作业（如历史数据清理）";

  private final ProcessEngineConfigurationImpl configuration;
  private final Map<String, FormFields> formsByTaskDefinition = new ConcurrentHashMap<>();
  private final Map<String, FormFields> formsByStartDefinition = new ConcurrentHashMap<>();

  public EngineDoorGuard(ProcessEngineConfigurationImpl configuration) {
    this.configuration = configuration;
    verifyEngineShape();
  }

  @Override
  public <T> T execute(Command<T> command) {
    if (Context.getCommandContext() != null) {
      // a command run by the engine or by a listener inside a caller's command
      return next.execute(command);
    }
    Guard guard = guardFor(command);
    if (guard == null) {
      return next.execute(command);
    }
    return next.execute(new Guarded<>(command, guard));
  }

  /**
   * What to check in the command's own transaction before it runs, and what to do with its result.
   */
  private interface Guard {
    void before(CommandContext context);

    default boolean skip() {
      return false;
    }

    default Object after(Object result) {
      return result;
    }

    default boolean withoutAuthorization() {
      return false;
    }
  }

  private Guard guardFor(Command<?> command) {
    if (command instanceof SaveAuthorizationCmd) {
      AuthorizationEntity authorization = read(command, "authorization");
      if (authorization != null
          && authorization.getAuthorizationType() == Authorization.AUTH_TYPE_REVOKE) {
        return context -> {
          throw new BadUserRequestException(NO_REVOKES);
        };
      }
      return null;
    }
    if (command instanceof SubmitTaskFormCmd) {
      String taskId = read(command, "taskId");
      Map<String, Object> variables = read(command, "properties");
      return context -> checkTaskFields(context, taskId, variables);
    }
    if (command instanceof CompleteTaskCmd) {
      // ResolveTaskCmd too
      String taskId = read(command, "taskId");
      Map<String, Object> variables = read(command, "variables");
      return context -> checkTaskFields(context, taskId, variables);
    }
    if (command instanceof SubmitStartFormCmd) {
      String definitionId = read(command, "processDefinitionId");
      Map<String, Object> variables = read(command, "variables");
      return context -> checkStartFields(context, definitionId, null, variables);
    }
    if (command instanceof StartProcessInstanceCmd
        || command instanceof StartProcessInstanceAtActivitiesCmd) {
      ProcessInstantiationBuilderImpl builder = read(command, "instantiationBuilder");
      return context ->
          checkStartFields(
              context,
              builder.getProcessDefinitionId(),
              builder.getProcessDefinitionKey(),
              builder.getVariables());
    }
    Authentication caller = configuration.getIdentityService().getCurrentAuthentication();
    if (caller == null || caller.getUserId() == null) {
      return null;
    }
    if (command instanceof FailedJobListener) {
      // the engine records a job's failure after the API call that executed it failed, also when
      // that call was refused: a refusal is not the job's failure (no retry lost, no new due date)
      JobFailureCollector failure = read(command, "jobFailureCollector");
      return isRefusal(failure.getFailure()) ? new Skip() : null;
    }
    if (command instanceof AssignTaskCmd && read(command, "userId") == null) {
      String taskId = read(command, "taskId");
      return new Unclaim(taskId, caller.getUserId());
    }
    if (isAdmin(caller)) {
      return null;
    }
    if (command instanceof AddCommentCmd) {
      // the engine checks no permission for a comment: anyone who knows a task's id could write on
      // it
      String taskId = read(command, "taskId");
      String processInstanceId = read(command, "processInstanceId");
      return context -> checkMaySee(context, taskId, processInstanceId);
    }
    List<String> jobIds = jobIdsOf(command);
    if (!jobIds.isEmpty()) {
      boolean execute = command instanceof ExecuteJobsCmd;
      return context -> jobIds.forEach(jobId -> checkJob(context, jobId, execute));
    }
    if (command instanceof JobQueryImpl || command instanceof HistoricJobLogQueryImpl) {
      return new HideStandaloneJobs();
    }
    return null;
  }

  // ---- form fields ----

  private void checkTaskFields(
      CommandContext context, String taskId, Map<String, Object> variables) {
    if (variables == null || variables.isEmpty() || taskId == null) {
      return;
    }
    TaskEntity task = context.getTaskManager().findTaskById(taskId);
    if (task == null) {
      // the command itself reports a missing task
      return;
    }
    FormFields form = taskForm(task);
    throwIfOutsideForm(form, variables);
  }

  private FormFields taskForm(TaskEntity task) {
    TaskDefinition definition = task.getTaskDefinition();
    FormDefinition formDefinition = definition == null ? null : definition.getFormDefinition();
    if (formDefinition == null || formDefinition.getCamundaFormDefinitionKey() == null) {
      return FormFields.none();
    }
    String cacheKey = task.getProcessDefinitionId() + "/" + task.getTaskDefinitionKey();
    boolean cacheable =
        isFixed(
            formDefinition.getCamundaFormDefinitionKey(),
            formDefinition.getCamundaFormDefinitionBinding());
    FormFields cached = cacheable ? formsByTaskDefinition.get(cacheKey) : null;
    if (cached != null) {
      return cached;
    }
    // through the public API, as the caller: reading the form needs the same rights as the task
    FormFields form;
    try (InputStream schema = configuration.getFormService().getDeployedTaskForm(task.getId())) {
      form = FormFields.parse(schema);
    } catch (java.io.IOException e) {
      throw new ProcessEngineException("Could not read the form of task " + task.getId(), e);
    }
    if (cacheable) {
      formsByTaskDefinition.put(cacheKey, form);
    }
    return form;
  }

  private void checkStartFields(
      CommandContext context,
      String definitionId,
      String definitionKey,
      Map<String, Object> variables) {
    ProcessDefinitionEntity definition =
        definitionId != null
            ? context
                .getProcessEngineConfiguration()
                .getDeploymentCache()
                .findDeployedProcessDefinitionById(definitionId)
            : context
                .getProcessEngineConfiguration()
                .getDeploymentCache()
                .findDeployedLatestProcessDefinitionByKey(definitionKey);
    if (definition == null) {
      return;
    }
    CamundaFormRef ref =
        configuration.getFormService().getStartFormData(definition.getId()).getCamundaFormRef();
    if (ref == null) {
      // no start form: who may start such a process is the authorization's question (units' and
      // batches' processes are started by the engine)
      return;
    }
    FormFields form =
        formsByStartDefinition.computeIfAbsent(
            definition.getId(),
            id -> {
              try (InputStream schema = configuration.getFormService().getDeployedStartForm(id)) {
                return FormFields.parse(schema);
              } catch (java.io.IOException e) {
                throw new ProcessEngineException("Could not read the start form of " + id, e);
              }
            });
    throwIfOutsideForm(form, variables);
  }

  private static void throwIfOutsideForm(FormFields form, Map<String, Object> variables) {
    List<String> problems = form.problems(variables);
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
  }

  private static boolean isFixed(Expression key, String binding) {
    String text = key.getExpressionText();
    return "deployment".equals(binding)
        && text != null
        && !text.contains("${")
        && !text.contains("#{");
  }

  // ---- jobs ----

  /**
   * The jobs a job command addresses one by one (by job definition or process, it addresses no job
   * without a process).
   */
  private static List<String> jobIdsOf(Command<?> command) {
    List<String> ids = new ArrayList<>();
    if (command instanceof ExecuteJobsCmd
        || command instanceof SetJobRetriesCmd
        || command instanceof SetJobDuedateCmd
        || command instanceof SetJobPriorityCmd
        || command instanceof DeleteJobCmd
        || command instanceof AbstractSetJobStateCmd
        || command instanceof UnlockJobCmd
        || command instanceof GetJobExceptionStacktraceCmd
        || command instanceof RecalculateJobDuedateCmd) {
      String jobId = read(command, "jobId");
      if (jobId != null) {
        ids.add(jobId);
      }
    }
    if (command instanceof SetJobRetriesCmd) {
      List<String> listed = read(command, "jobIds");
      if (listed != null) {
        listed.stream().filter(java.util.Objects::nonNull).forEach(ids::add);
      }
    }
    return ids;
  }

  private void checkJob(CommandContext context, String jobId, boolean execute) {
    JobEntity job = context.getJobManager().findJobById(jobId);
    if (job == null) {
      return;
    }
    if (job.getProcessDefinitionKey() == null) {
      throw new AuthorizationException(ADMIN_ONLY_JOB);
    }
    if (execute) {
      for (CommandChecker checker : context.getProcessEngineConfiguration().getCommandCheckers()) {
        checker.checkUpdateJob(job);
      }
    }
  }

  /** A comment goes on a task or process the caller may see. */
  private static void checkMaySee(CommandContext context, String taskId, String processInstanceId) {
    TaskEntity task = taskId == null ? null : context.getTaskManager().findTaskById(taskId);
    for (CommandChecker checker : context.getProcessEngineConfiguration().getCommandCheckers()) {
      if (task != null) {
        checker.checkReadTask(task);
      } else if (processInstanceId != null) {
        checker.checkReadProcessInstance(processInstanceId);
      }
    }
  }

  /** Job lists without the jobs that belong to no process (non-administrators). */
  private static final class HideStandaloneJobs implements Guard {
    @Override
    public void before(CommandContext context) {}

    @Override
    public Object after(Object result) {
      if (result instanceof Collection<?> list) {
        List<Object> kept = new ArrayList<>(list.size());
        for (Object item : list) {
          if (!isStandalone(item)) {
            kept.add(item);
          }
        }
        return kept;
      }
      return isStandalone(result) ? null : result;
    }

    private static boolean isStandalone(Object item) {
      return item instanceof Job job && job.getProcessDefinitionKey() == null
          || item instanceof HistoricJobLog log && log.getProcessDefinitionKey() == null;
    }
  }

  private static boolean isRefusal(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof AuthorizationException) {
        return true;
      }
    }
    return false;
  }

  /** A command not to run at all. */
  private static final class Skip implements Guard {
    @Override
    public void before(CommandContext context) {}

    @Override
    public boolean skip() {
      return true;
    }
  }

  // ---- unclaim ----

  /** Clearing one's own claim: allowed to the assignee, who holds TASK_WORK but not TASK_ASSIGN. */
  private static final class Unclaim implements Guard {
    private final String taskId;
    private final String userId;
    private boolean own;

    Unclaim(String taskId, String userId) {
      this.taskId = taskId;
      this.userId = userId;
    }

    @Override
    public void before(CommandContext context) {
      TaskEntity task = taskId == null ? null : context.getTaskManager().findTaskById(taskId);
      own = task != null && userId.equals(task.getAssignee());
    }

    @Override
    public boolean withoutAuthorization() {
      return own;
    }
  }

  private boolean isAdmin(Authentication caller) {
    List<String> adminUsers = configuration.getAdminUsers();
    List<String> adminGroups = configuration.getAdminGroups();
    if (adminUsers != null && adminUsers.contains(caller.getUserId())) {
      return true;
    }
    List<String> groups = caller.getGroupIds();
    return groups != null && adminGroups != null && groups.stream().anyMatch(adminGroups::contains);
  }

  /** The caller's command, run after the guard's check in the same command context. */
  private static final class Guarded<T> implements Command<T> {
    private final Command<T> command;
    private final Guard guard;

    Guarded(Command<T> command, Guard guard) {
      this.command = command;
      this.guard = guard;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T execute(CommandContext context) {
      if (guard.skip()) {
        return null;
      }
      guard.before(context);
      if (!guard.withoutAuthorization()) {
        return (T) guard.after(command.execute(context));
      }
      context.disableAuthorizationCheck();
      try {
        return command.execute(context);
      } finally {
        context.enableAuthorizationCheck();
      }
    }

    @Override
    public String toString() {
      return command.getClass().getSimpleName();
    }
  }

  // ---- reading the commands' inputs ----

  @SuppressWarnings("unchecked")
  private static <V> V read(Object command, String name) {
    try {
      return (V) field(command.getClass(), name).get(command);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(
          "Cannot read " + name + " of " + command.getClass().getName(), e);
    }
  }

  private static Field field(Class<?> type, String name) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      try {
        Field field = c.getDeclaredField(name);
        field.setAccessible(true);
        return field;
      } catch (NoSuchFieldException e) {
        // look in the superclass
      }
    }
    throw new IllegalStateException(
        type.getName()
            + " has no field "
            + name
            + ": this Camunda version is not the one EngineDoorGuard was written for");
  }

  /** Fails the start when a command no longer has the field the guard reads. */
  static void verifyEngineShape() {
    field(SubmitTaskFormCmd.class, "taskId");
    field(SubmitTaskFormCmd.class, "properties");
    field(CompleteTaskCmd.class, "taskId");
    field(CompleteTaskCmd.class, "variables");
    field(SubmitStartFormCmd.class, "processDefinitionId");
    field(SubmitStartFormCmd.class, "variables");
    field(StartProcessInstanceCmd.class, "instantiationBuilder");
    field(StartProcessInstanceAtActivitiesCmd.class, "instantiationBuilder");
    field(AssignTaskCmd.class, "taskId");
    field(AssignTaskCmd.class, "userId");
    for (Class<?> job :
        List.of(
            ExecuteJobsCmd.class,
            SetJobRetriesCmd.class,
            SetJobDuedateCmd.class,
            SetJobPriorityCmd.class,
            DeleteJobCmd.class,
            AbstractSetJobStateCmd.class,
            UnlockJobCmd.class,
            GetJobExceptionStacktraceCmd.class,
            RecalculateJobDuedateCmd.class)) {
      field(job, "jobId");
    }
    field(SetJobRetriesCmd.class, "jobIds");
    field(FailedJobListener.class, "jobFailureCollector");
    field(SaveAuthorizationCmd.class, "authorization");
    field(AddCommentCmd.class, "taskId");
    field(AddCommentCmd.class, "processInstanceId");
  }
}
