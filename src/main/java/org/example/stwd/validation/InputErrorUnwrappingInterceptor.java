package org.example.stwd.validation;

import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;

/**
 * The engine wraps exceptions thrown by task and execution listeners into a plain
 * ProcessEngineException, which the REST API reports as a server error (500). This interceptor
 * sits outside the transaction, after the rollback, and rethrows our validation error itself, so
 * callers get a 400 with the user-facing message and the Java API sees the real type.
 */
public class InputErrorUnwrappingInterceptor extends CommandInterceptor {

  @Override
  public <T> T execute(Command<T> command) {
    try {
      return next.execute(command);
    } catch (InvalidInputException e) {
      throw e;
    } catch (RuntimeException e) {
      for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
        if (cause instanceof InvalidInputException invalid) {
          throw invalid;
        }
      }
      throw e;
    }
  }
}
