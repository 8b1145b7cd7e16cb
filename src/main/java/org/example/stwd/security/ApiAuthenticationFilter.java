package org.example.stwd.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Base64;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.webapp.impl.security.auth.Authentication;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates calls to the application's own REST endpoints ({@code /api/*}): a person logged
 * into the Camunda webapps (their session) or a client sending HTTP Basic credentials checked
 * against Camunda's identity service. Anonymous calls get 401; users outside {@code hq-office}
 * and {@code camunda-admin} get 403. The request's remote user is the authenticated user id.
 */
@Component
public class ApiAuthenticationFilter extends OncePerRequestFilter {

  private static final String ENGINE = "default";

  private final IdentityService identityService;

  public ApiAuthenticationFilter(IdentityService identityService) {
    this.identityService = identityService;
  }

  /** A user and their groups. */
  record Caller(String userId, List<String> groups) {}

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws ServletException, IOException {
    Caller caller = fromSession(request);
    if (caller == null) {
      caller = fromBasic(request);
    }
    if (caller == null) {
      response.setHeader("WWW-Authenticate", "Basic realm=\"stwd\", charset=\"UTF-8\"");
      error(response, HttpServletResponse.SC_UNAUTHORIZED, "Unauthorized", "请先登录（Camunda 账号，或 HTTP Basic 认证）");
      return;
    }
    if (!Roles.isHq(caller.groups())) {
      error(response, HttpServletResponse.SC_FORBIDDEN, "Forbidden", "只有组织宣传部和系统管理员可以使用此功能");
      return;
    }
    String userId = caller.userId();
    chain.doFilter(new HttpServletRequestWrapper(request) {
      @Override
      public String getRemoteUser() {
        return userId;
      }

      @Override
      public Principal getUserPrincipal() {
        return () -> userId;
      }
    }, response);
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

  private static void error(HttpServletResponse response, int status, String type, String message) throws IOException {
    response.setStatus(status);
    response.setContentType("application/json;charset=UTF-8");
    response.getWriter().write("{\"type\":\"" + type + "\",\"message\":\"" + message + "\",\"problems\":[]}");
  }
}
