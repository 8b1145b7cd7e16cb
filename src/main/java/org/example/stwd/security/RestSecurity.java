package org.example.stwd.security;

import java.util.Map;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * REST needs a login. {@code /engine-rest/*}: HTTP Basic against Camunda's identity service, and
 * the engine then applies that user's authorizations to every call. {@code /api/*} (the
 * application's own endpoints): the webapps' session or HTTP Basic, and only for HQ.
 * Without credentials both answer 401.
 */
@Configuration
public class RestSecurity {

  @Bean
  public FilterRegistrationBean<ProcessEngineAuthenticationFilter> engineRestAuthentication() {
    FilterRegistrationBean<ProcessEngineAuthenticationFilter> registration = new FilterRegistrationBean<>(new ProcessEngineAuthenticationFilter());
    registration.setName("camunda-rest-authentication");
    registration.addUrlPatterns("/engine-rest/*");
    registration.setInitParameters(Map.of(ProcessEngineAuthenticationFilter.AUTHENTICATION_PROVIDER_PARAM, HttpBasicAuthenticationProvider.class.getName()));
    registration.setOrder(10);
    return registration;
  }

  @Bean
  public FilterRegistrationBean<ApiAuthenticationFilter> apiAuthentication(ApiAuthenticationFilter filter) {
    FilterRegistrationBean<ApiAuthenticationFilter> registration = new FilterRegistrationBean<>(filter);
    registration.setName("stwd-api-authentication");
    registration.addUrlPatterns("/api/*");
    registration.setOrder(11);
    return registration;
  }
}
