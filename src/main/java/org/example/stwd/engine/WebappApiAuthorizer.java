package org.example.stwd.engine;

import java.util.Map;
import org.camunda.bpm.webapp.impl.security.auth.Authentication;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;
import org.camunda.bpm.webapp.impl.security.filter.Authorization;
import org.camunda.bpm.webapp.impl.security.filter.RequestAuthorizer;

/**
 * A webapp's own API ({@code /camunda/api/cockpit|admin|tasklist/plugin/…}) answers only a
 * logged-in user who may open that webapp. Camunda's rules ask only for a login there (its
 * EngineRequestAuthorizer), so a unit contact or a leader read Cockpit's statistics of every
 * process; and its ApplicationRequestAuthorizer, made for the apps' pages, lets anonymous callers
 * through to show the login. Named in {@code stwd-security-filter-rules.json}.
 */
public class WebappApiAuthorizer implements RequestAuthorizer {

  /** The webapp login of the request for the addressed engine, or null. */
  static Authentication authentication(Map<String, String> parameters) {
    Authentications authentications = Authentications.getCurrent();
    return authentications == null
        ? null
        : authentications.getAuthenticationForProcessEngine(parameters.get("engine"));
  }

  @Override
  public Authorization authorize(Map<String, String> parameters) {
    Authentication authentication = authentication(parameters);
    if (authentication == null) {
      return Authorization.denied(Authentication.ANONYMOUS);
    }
    String app = parameters.get("app");
    boolean mayOpen =
        authentication instanceof UserAuthentication user && user.isAuthorizedForApp(app);
    return (mayOpen ? Authorization.granted(authentication) : Authorization.denied(authentication))
        .forApplication(app);
  }
}
