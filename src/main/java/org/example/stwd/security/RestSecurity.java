package org.example.stwd.security;

import org.camunda.bpm.engine.ProcessEngine;
import org.example.stwd.engine.BasicLogins;
import org.example.stwd.engine.EngineRestAuthenticationFilter;
import org.example.stwd.engine.EngineTuning;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * REST needs a login. {@code /engine-rest/*}: HTTP Basic against Camunda's identity service ({@link
 * BasicLogins}), and the engine then applies that user's authorizations to every call. {@code
 * /api/*} (the application's own endpoints) and {@code /actuator/info}: the webapps' session or
 * HTTP Basic, and only for HQ; a POST from the session must carry the webapps' CSRF token. Without
 * credentials both answer 401.
 */
@Configuration
public class RestSecurity {

  @Bean
  public FilterRegistrationBean<EngineRestAuthenticationFilter> engineRestAuthentication(
      ProcessEngine engine, BasicLogins logins, EngineTuning tuning) {
    FilterRegistrationBean<EngineRestAuthenticationFilter> registration =
        new FilterRegistrationBean<>(
            new EngineRestAuthenticationFilter(
                engine,
                logins,
                tuning.restEngineLookupOn(),
                UnitContacts::onlyUnitContact,
                "单位联系人请通过“单位报送”页面（/unit/）报送，不能使用引擎接口。"));
    registration.setName("camunda-rest-authentication");
    registration.addUrlPatterns("/engine-rest/*");
    registration.setOrder(10);
    return registration;
  }

  @Bean
  public FilterRegistrationBean<ApiAuthenticationFilter> apiAuthentication(
      ApiAuthenticationFilter filter) {
    FilterRegistrationBean<ApiAuthenticationFilter> registration =
        new FilterRegistrationBean<>(filter);
    registration.setName("stwd-api-authentication");
    registration.addUrlPatterns("/api/*", "/actuator/info");
    registration.setOrder(11);
    return registration;
  }
}
