package org.example.stwd.engine;

import org.camunda.bpm.engine.impl.cmd.AbstractWritableIdentityServiceCmd;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Tells {@link BasicLogins} when a user (password), a group membership or a tenant membership
 * changed through the engine (Admin, REST, IdentityService), so that no remembered login outlives
 * it: once the command is done, and again when a surrounding transaction completes.
 */
public class IdentityChangeInterceptor extends CommandInterceptor {

  private final Runnable onChange;

  public IdentityChangeInterceptor(Runnable onChange) {
    this.onChange = onChange;
  }

  @Override
  public <T> T execute(Command<T> command) {
    // every command that writes users, groups, tenants or memberships (creating one included)
    if (!(command instanceof AbstractWritableIdentityServiceCmd)) {
      return next.execute(command);
    }
    try {
      return next.execute(command);
    } finally {
      onChange.run();
      if (TransactionSynchronizationManager.isSynchronizationActive()) {
        TransactionSynchronizationManager.registerSynchronization(
            new TransactionSynchronization() {
              @Override
              public void afterCompletion(int status) {
                onChange.run();
              }
            });
      }
    }
  }
}
