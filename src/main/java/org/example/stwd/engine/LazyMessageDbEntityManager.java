package org.example.stwd.engine;

import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.db.DbEntity;
import org.camunda.bpm.engine.impl.db.PersistenceSession;
import org.camunda.bpm.engine.impl.db.entitymanager.DbEntityManager;
import org.camunda.bpm.engine.impl.db.entitymanager.DbEntityManagerFactory;

/**
 * The engine's entity manager, except that it checks an entity's id before it builds the error
 * message for an invalid one. The engine's own check writes the whole entity out with {@code
 * toString()} for every row it inserts, although the message is needed only when the id is null or
 * "*", a measurable cost of the 10,000-unit fan-out (ADR 0007). An invalid id still fails exactly
 * as before.
 */
public class LazyMessageDbEntityManager extends DbEntityManager {

  public LazyMessageDbEntityManager(
      ProcessEngineConfigurationImpl configuration, PersistenceSession persistenceSession) {
    super(configuration.getIdGenerator(), persistenceSession);
  }

  @Override
  protected void validateId(DbEntity dbEntity) {
    String id = dbEntity.getId();
    if (id == null || Authorization.ANY.equals(id)) {
      super.validateId(dbEntity);
    }
  }

  /**
   * Opens this entity manager in place of the engine's; the id generator is read when a session
   * opens (it is set after the plugins' preInit).
   */
  public static class Factory extends DbEntityManagerFactory {

    private final ProcessEngineConfigurationImpl configuration;

    public Factory(ProcessEngineConfigurationImpl configuration) {
      super(null);
      this.configuration = configuration;
    }

    @Override
    public DbEntityManager openSession() {
      return new LazyMessageDbEntityManager(
          configuration, Context.getCommandContext().getSession(PersistenceSession.class));
    }
  }
}
