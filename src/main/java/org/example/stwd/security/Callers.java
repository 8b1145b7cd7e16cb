package org.example.stwd.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.webapp.impl.security.auth.Authentication;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;
import org.springframework.stereotype.Component;

/**
 * Who is calling: a person logged into the Camunda webapps (their session) or a client sending
 * HTTP Basic credentials, checked against Camunda's identity service.
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

  private final IdentityService identityService;

  public Callers(IdentityService identityService) {
    this.identityService = identityService;
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
    String header = request.getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    int colon = decoded.indexOf(':');
    if (colon < 1) {
      return null;
    }
    String userId = decoded.substring(0, colon);
    if (!identityService.checkPassword(userId, decoded.substring(colon + 1))) {
      return null;
    }
    List<String> groups = identityService.createGroupQuery().groupMember(userId).list().stream().map(Group::getId).toList();
    return new Caller(userId, groups);
  }
}
