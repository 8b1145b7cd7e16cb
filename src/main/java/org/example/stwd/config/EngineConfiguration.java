package org.example.stwd.config;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.ProcessEnginePlugin;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.example.stwd.validation.InputErrorUnwrappingInterceptor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Engine settings that are code, not properties. */
@Configuration
public class EngineConfiguration {

  /** Validation errors reach callers as themselves (REST 400), not wrapped (REST 500). */
  @Bean
  public ProcessEnginePlugin inputErrorUnwrapping() {
    return new AbstractProcessEnginePlugin() {
      @Override
      public void preInit(ProcessEngineConfigurationImpl configuration) {
        List<CommandInterceptor> interceptors = new ArrayList<>();
        if (configuration.getCustomPreCommandInterceptorsTxRequired() != null) {
          interceptors.addAll(configuration.getCustomPreCommandInterceptorsTxRequired());
        }
        interceptors.add(new InputErrorUnwrappingInterceptor());
        configuration.setCustomPreCommandInterceptorsTxRequired(interceptors);
      }
    };
  }
}
