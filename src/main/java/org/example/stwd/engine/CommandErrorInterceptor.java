package org.example.stwd.engine;

import org.camunda.bpm.engine.impl.cmd.ExecuteJobsCmd;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.example.stwd.validation.InvalidInputException;
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
 * </ul>
 */
public class CommandErrorInterceptor extends CommandInterceptor {

  private static final Logger LOG = LoggerFactory.getLogger("org.example.stwd.commands");

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
      log(outermost, command, e);
      throw e;
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
