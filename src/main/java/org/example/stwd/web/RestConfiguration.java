package org.example.stwd.web;

import org.springframework.boot.autoconfigure.jersey.ResourceConfigCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Additions to Camunda's REST API (/engine-rest). */
@Configuration
public class RestConfiguration {

  /**
   * Chinese error answers (also found by Jersey's auto-discovery; registering twice is a no-op).
   */
  @Bean
  public ResourceConfigCustomizer userFacingErrors() {
    return config ->
        EngineRestErrors.MAPPERS.stream()
            .filter(mapper -> !config.isRegistered(mapper))
            .forEach(config::register);
  }
}
