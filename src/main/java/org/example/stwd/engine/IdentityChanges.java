package org.example.stwd.engine;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.stereotype.Component;

/**
 * Who wants to hear of changes to users, groups, tenants and memberships made through the engine
 * ({@link IdentityChangeInterceptor} reports them). It has no dependencies, so the engine's
 * configuration can take it before the engine exists.
 */
@Component
public class IdentityChanges {

  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

  public void subscribe(Runnable listener) {
    listeners.add(listener);
  }

  public void changed() {
    listeners.forEach(Runnable::run);
  }
}
