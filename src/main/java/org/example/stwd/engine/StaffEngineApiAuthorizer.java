package org.example.stwd.engine;

import java.util.List;
import java.util.Map;
import org.camunda.bpm.webapp.impl.security.auth.Authentication;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;
import org.camunda.bpm.webapp.impl.security.filter.Authorization;
import org.camunda.bpm.webapp.impl.security.filter.RequestAuthorizer;

/**
 * The webapps' engine API ({@code /camunda/api/engine/engine/default/…}) answers only users who may
 * open Tasklist, Cockpit or Admin. Camunda asks only for a login there (its
 * EngineRequestAuthorizer), and anyone may log in to the Welcome page: a unit contact, who reports
 * through the unit page and has no webapp, would still reach the engine through this API. Named in
 * {@code stwd-security-filter-rules.json}.
 */
public class StaffEngineApiAuthorizer implements RequestAuthorizer {

  private static final List<String> STAFF_APPS = List.of("tasklist", "cockpit", "admin");

  @Override
  public Authorization authorize(Map<String, String> parameters) {
    Authentication authentication = WebappApiAuthorizer.authentication(parameters);
    if (authentication == null) {
      return Authorization.denied(Authentication.ANONYMOUS);
    }
    boolean staff =
        authentication instanceof UserAuthentication user
            && STAFF_APPS.stream().anyMatch(user::isAuthorizedForApp);
    return staff ? Authorization.granted(authentication) : Authorization.denied(authentication);
  }
}
