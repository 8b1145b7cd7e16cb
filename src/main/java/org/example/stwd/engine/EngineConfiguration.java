package org.example.stwd.engine;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.ProcessEnginePlugin;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.impl.interceptor.SessionFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Engine settings that are code, not properties. */
@Configuration
public class EngineConfiguration {

  /**
   * Validation errors reach callers as themselves (REST 400), not wrapped (REST 500), and failed
   * commands are logged once (CommandErrorInterceptor); changes to users, groups and memberships
   * are reported, so that no remembered REST login outlives them; callers' commands pass the
   * product's rules for every door (EngineDoorGuard).
   */
  @Bean
  public ProcessEnginePlugin commandInterceptors(IdentityChanges identityChanges) {
    return new AbstractProcessEnginePlugin() {
      @Override
      public void preInit(ProcessEngineConfigurationImpl configuration) {
        List<CommandInterceptor> interceptors = new ArrayList<>();
        if (configuration.getCustomPreCommandInterceptorsTxRequired() != null) {
          interceptors.addAll(configuration.getCustomPreCommandInterceptorsTxRequired());
        }
        interceptors.add(new CommandErrorInterceptor());
        interceptors.add(new IdentityChangeInterceptor(identityChanges::changed));
        // last, so that the others see the caller's own command
        interceptors.add(new EngineDoorGuard(configuration));
        configuration.setCustomPreCommandInterceptorsTxRequired(interceptors);
      }
    };
  }

  /**
   * Tuning (EngineTuning): authorization checks ask about the caller's own groups only
   * (OwnGroupsAuthorizationManager); inserted rows do not write themselves out for an error message
   * that is not needed (LazyMessageDbEntityManager).
   */
  @Bean
  public ProcessEnginePlugin sessionFactories(EngineTuning tuning) {
    return new AbstractProcessEnginePlugin() {
      @Override
      public void preInit(ProcessEngineConfigurationImpl configuration) {
        List<SessionFactory> factories = new ArrayList<>();
        if (configuration.getCustomSessionFactories() != null) {
          factories.addAll(configuration.getCustomSessionFactories());
        }
        if (tuning.ownGroupsAuthorizationOn()) {
          factories.add(new OwnGroupsAuthorizationManager.Factory());
        }
        if (tuning.lazyIdMessagesOn()) {
          factories.add(new LazyMessageDbEntityManager.Factory(configuration));
        }
        configuration.setCustomSessionFactories(factories);
      }
    };
  }

  /** Texts longer than 4,000 characters in String variables (LongTextColumns, ADR 0010). */
  @Bean
  public ProcessEnginePlugin longTextColumns() {
    return new LongTextColumns();
  }

  /**
   * Tuning (EngineTuning): indexes for thousands of units, after the engine has its tables
   * (EngineIndexes).
   */
  @Bean
  public ProcessEnginePlugin engineIndexes(EngineTuning tuning) {
    return tuning.indexesOn() ? new EngineIndexes() : new AbstractProcessEnginePlugin() {};
  }
}
