package org.example.stwd.engine;

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
 * Who is calling: a person logged into the Camunda webapps (their session) or a client sending HTTP
 * Basic credentials, checked against Camunda's identity service ({@link BasicLogins}).
 */
@Component
public class Callers {

  private static final String ENGINE = "default";

  /** Where Camunda's CsrfPreventionFilter keeps the session's token, and the header it expects. */
  private static final String CSRF_TOKEN = "CAMUNDA_CSRF_TOKEN";

  public static final String CSRF_HEADER = "X-XSRF-TOKEN";
  private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

  /**
   * A user and their groups; {@code fromSession}: logged in through the webapps (a browser), not
   * HTTP Basic.
   */
  public record Caller(String userId, List<String> groups, boolean fromSession) {}

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
      return new Caller(
          user.getName(), user.getGroupIds() == null ? List.of() : user.getGroupIds(), true);
    }
    return null;
  }

  /**
   * The CSRF token of the caller's webapp session, the one Camunda's webapps send as {@code
   * X-XSRF-TOKEN}; created when the session has none yet.
   */
  public static String csrfToken(HttpSession session) {
    synchronized (session) {
      Object token = session.getAttribute(CSRF_TOKEN);
      if (token == null) {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        token = java.util.HexFormat.of().withUpperCase().formatHex(bytes);
        session.setAttribute(CSRF_TOKEN, token);
      }
      return (String) token;
    }
  }

  /** Whether a request from a webapp session carries that session's CSRF token. */
  public static boolean hasCsrfToken(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    String sent = request.getHeader(CSRF_HEADER);
    Object expected = session == null ? null : session.getAttribute(CSRF_TOKEN);
    return sent != null
        && expected != null
        && java.security.MessageDigest.isEqual(
            sent.getBytes(java.nio.charset.StandardCharsets.UTF_8),
            expected.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private Caller fromBasic(HttpServletRequest request) {
    return logins
        .verify(request.getHeader("Authorization"))
        .map(login -> new Caller(login.userId(), login.groupIds(), false))
        .orElse(null);
  }
}
