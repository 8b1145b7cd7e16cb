package org.example.stwd.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.List;
import java.util.Optional;
import org.camunda.bpm.webapp.impl.security.auth.Authentication;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;
import org.springframework.stereotype.Component;

/**
 * Who is calling: a person logged into the Camunda webapps (their session) or a client sending
 * HTTP Basic credentials, checked against Camunda's identity service ({@link BasicLogins}).
 */
@Component
public class Callers {

  private static final String ENGINE = "default";

  /** A user and their groups. */
  public record Caller(String userId, List<String> groups) {

    public boolean isHq() {
      return Roles.isHq(groups);
    }
  }

  private final BasicLogins logins;

  public Callers(BasicLogins logins) {
    this.logins = logins;
  }

  public Optional<Caller> of(HttpServletRequest request) {
    Caller caller = fromSession(request);
    return Optional.ofNullable(caller != null ? caller : fromBasic(request));
  }

  private static Caller fromSession(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    if (session == null) {
      return null;
    }
    Authentications auths = AuthenticationUtil.getAuthsFromSession(session);
    Authentication auth = auths == null ? null : auths.getAuthenticationForProcessEngine(ENGINE);
    if (auth instanceof UserAuthentication user && user.getName() != null) {
      return new Caller(user.getName(), user.getGroupIds() == null ? List.of() : user.getGroupIds());
    }
    return null;
  }

  private Caller fromBasic(HttpServletRequest request) {
    return logins.verify(request.getHeader("Authorization")).map(login -> new Caller(login.userId(), login.groupIds())).orElse(null);
  }
}
