package org.example.stwd.unitpage;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The unit page's door: its API filter and its three pages (static, they hold no data). */
@Configuration
public class UnitPageSecurity {

  @Bean
  public FilterRegistrationBean<UnitPageFilter> unitPageAuthentication(UnitPageFilter filter) {
    FilterRegistrationBean<UnitPageFilter> registration = new FilterRegistrationBean<>(filter);
    registration.setName("stwd-unit-page-authentication");
    registration.addUrlPatterns("/api/unit/*");
    registration.setOrder(11);
    return registration;
  }

  /** {@code /unit/}, {@code /unit/signin} and {@code /unit/login} without ".html". */
  @Controller
  public static class Pages {

    @GetMapping({"/unit", "/unit/"})
    public String home() {
      return "forward:/unit/index.html";
    }

    @GetMapping("/unit/signin")
    public String signIn() {
      return "forward:/unit/signin.html";
    }

    @GetMapping("/unit/login")
    public String login() {
      return "forward:/unit/login.html";
    }
  }
}
