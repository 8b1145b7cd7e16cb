package org.example.stwd.engine;

import java.lang.reflect.Field;
import java.util.Set;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.exception.NullValueException;
import org.camunda.bpm.engine.impl.cmd.ExecuteJobsCmd;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.impl.persistence.entity.HistoricTaskInstanceEntity;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.example.stwd.validation.InvalidInputException;
import org.example.stwd.validation.Refusal;
import org.example.stwd.web.UserErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outermost step of every command a caller runs:
 *
 * <ul>
 *   <li>Bad input reaches the caller as itself. The engine wraps exceptions thrown by task and
 *       execution listeners into a plain ProcessEngineException; this rethrows the
 *       InvalidInputException inside, after the rollback, so REST answers 400 with the Chinese
 *       message and the Java API sees the real type.
 *   <li>A failed command is logged once: what a user ran into (bad input, a refusal, a lost race)
 *       as one WARN line with the reason; a fault with its stack trace. The engine's own logging of
 *       every failed command (an ERROR with the whole trace, also for bad input) is off ({@code
 *       enable-cmd-exception-logging: false}). Jobs are logged by the job executor.
 *   <li>A lost race on a task (completed, claimed or changed by someone else meanwhile) reaches the
 *       caller as a 409 {@link Refusal} that says what happened, whatever the engine threw.
 * </ul>
 */
public class CommandErrorInterceptor extends CommandInterceptor {

  private static final Logger LOG = LoggerFactory.getLogger("org.example.stwd.commands");

  /** The commands by which a user works on a task, each keeping it in a field "taskId". */
  static final Set<String> CHANGES_A_TASK =
      Set.of(
              "CompleteTaskCmd",
              "SubmitTaskFormCmd",
              "ClaimTaskCmd",
              "AssignTaskCmd",
              "DelegateTaskCmd",
              "ResolveTaskCmd")
          .stream()
          .map(name -> "org.camunda.bpm.engine.impl.cmd." + name)
          .collect(Collectors.toUnmodifiableSet());

  @Override
  public <T> T execute(Command<T> command) {
    boolean outermost = Context.getCommandContext() == null;
    try {
      return next.execute(command);
    } catch (InvalidInputException e) {
      log(outermost, command, e);
      throw e;
    } catch (RuntimeException e) {
      for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
        if (cause instanceof InvalidInputException invalid) {
          log(outermost, command, invalid);
          throw invalid;
        }
      }
      RuntimeException answer = outermost ? lostRace(command, e) : e;
      log(outermost, command, answer);
      throw answer;
    }
  }

  /**
   * A command on a task that failed because someone else got there first (the task completed,
   * claimed or changed meanwhile, on this node or another) as a 409 that says so. The engine tells
   * such a loser in many ways: an OptimisticLockingException, "Cannot find task … task is null", or
   * a NullPointerException from deep inside the completion when the task's execution went away
   * between two reads (also wrapped, as a task listener's failure). The task's state after the
   * failure tells what happened; a task id that never existed stays a 404, and a failure on a task
   * that is there unchanged stays what it was.
   */
  private RuntimeException lostRace(Command<?> command, RuntimeException e) {
    if (!(e instanceof OptimisticLockingException
        || e instanceof NullValueException
        || e instanceof NullPointerException
        || causedByNullPointer(e))) {
      return e;
    }
    String taskId =
        CHANGES_A_TASK.contains(command.getClass().getName()) ? taskIdOf(command) : null;
    if (taskId == null) {
      return e;
    }
    TaskState state;
    try {
      state = next.execute(context -> TaskState.of(context, taskId));
    } catch (RuntimeException unknown) {
      return e;
    }
    if (state.ended() && "completed".equals(state.deleteReason())) {
      return conflict(
          "该任务已由"
              + (state.assignee() == null ? "他人" : "“" + state.assignee() + "”")
              + "办理完毕，您的操作未执行。请刷新任务列表。",
          e);
    }
    if (state.ended()) {
      return conflict("该任务已结束（流程已继续、已撤回或已取消），您的操作未执行。请刷新任务列表。", e);
    }
    if (!state.exists()) {
      return e;
    }
    if (state.assignee() != null && !state.assignee().equals(state.caller())) {
      return conflict("该任务已被“" + state.assignee() + "”认领，您的操作未执行。请刷新任务列表。", e);
    }
    return e instanceof OptimisticLockingException ? conflict("该任务刚被他人修改，您的操作未执行。请刷新后再试。", e) : e;
  }

  /**
   * A NullPointerException wrapped by the engine, e.g. in a task listener's failure (ENGINE-03051)
   * when the task's execution went away under a completion that lost the race.
   */
  private static boolean causedByNullPointer(Throwable e) {
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof NullPointerException) {
        return true;
      }
    }
    return false;
  }

  private static RuntimeException conflict(String message, RuntimeException cause) {
    Refusal refusal = Refusal.conflict(message);
    refusal.initCause(cause);
    return refusal;
  }

  /** The task a command works on, from its field "taskId" (here or in a superclass). */
  static String taskIdOf(Command<?> command) {
    for (Class<?> type = command.getClass(); type != null; type = type.getSuperclass()) {
      if (!type.getName().startsWith("org.camunda.bpm.engine.impl.cmd.")) {
        continue;
      }
      try {
        Field field = type.getDeclaredField("taskId");
        field.setAccessible(true);
        return field.get(command) instanceof String id ? id : null;
      } catch (NoSuchFieldException e) {
        // look in the superclass
      } catch (ReflectiveOperationException | RuntimeException e) {
        return null;
      }
    }
    return null;
  }

  /** Where a task stands: running (with its assignee), ended (how), or unknown. */
  record TaskState(
      boolean exists, boolean ended, String assignee, String deleteReason, String caller) {

    static TaskState of(CommandContext context, String taskId) {
      String caller =
          context.getAuthentication() == null ? null : context.getAuthentication().getUserId();
      TaskEntity task = context.getTaskManager().findTaskById(taskId);
      if (task != null) {
        return new TaskState(true, false, task.getAssignee(), null, caller);
      }
      HistoricTaskInstanceEntity history =
          context.getDbEntityManager().selectById(HistoricTaskInstanceEntity.class, taskId);
      if (history != null && history.getEndTime() != null) {
        return new TaskState(false, true, history.getAssignee(), history.getDeleteReason(), caller);
      }
      return new TaskState(false, false, null, null, caller);
    }
  }

  private static void log(boolean outermost, Command<?> command, RuntimeException e) {
    if (!outermost || command instanceof ExecuteJobsCmd) {
      return;
    }
    String what = command.getClass().getSimpleName();
    if (UserErrors.isUsersDoing(e)) {
      LOG.warn("Refused {}: {}", what, UserErrors.firstLine(e));
    } else {
      LOG.error("{} failed", what, e);
    }
  }
}
