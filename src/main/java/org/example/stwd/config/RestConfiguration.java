package org.example.stwd.config;

import org.example.stwd.validation.InvalidInputExceptionMapper;
import org.springframework.boot.autoconfigure.jersey.ResourceConfigCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Additions to Camunda's REST API (/engine-rest). */
@Configuration
public class RestConfiguration {

  @Bean
  public ResourceConfigCustomizer invalidInputAsBadRequest() {
    return config -> config.register(InvalidInputExceptionMapper.class);
  }
}
