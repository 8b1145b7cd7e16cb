package org.example.stwd.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import org.example.stwd.engine.Callers;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates calls to the application's own REST endpoints ({@code /api/*}) through {@link
 * Callers}: the webapps' session or HTTP Basic. Anonymous calls get 401; users outside {@code
 * hq-office} and {@code camunda-admin} get 403, and so does a change (POST, PUT, DELETE) from a
 * webapp session without the session's CSRF token ({@code X-XSRF-TOKEN}, as the webapps send it).
 * The request's remote user is the authenticated user id.
 */
@Component
public class ApiAuthenticationFilter extends OncePerRequestFilter {

  private static final java.util.Set<String> SAFE_METHODS =
      java.util.Set.of("GET", "HEAD", "OPTIONS");

  private final Callers callers;

  public ApiAuthenticationFilter(Callers callers) {
    this.callers = callers;
  }

  /** The unit page's API has a door of its own (unit contacts, UnitPageFilter). */
  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return request.getRequestURI().startsWith(request.getContextPath() + "/api/unit/");
  }

  /**
   * What the leaders may read: the campaigns, their boards, exports, files, review queue and unit
   * timelines ({@code GET /api/campaigns/**}, {@code GET /api/files/**}); not the directory or the
   * mail log.
   */
  static boolean readable(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return SAFE_METHODS.contains(request.getMethod())
        && (path.equals("/api/campaigns")
            || path.startsWith("/api/campaigns/")
            || path.startsWith("/api/files/"));
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Callers.Caller caller = callers.of(request).orElse(null);
    if (caller == null) {
      response.setHeader("WWW-Authenticate", "Basic realm=\"stwd\", charset=\"UTF-8\"");
      error(
          response,
          HttpServletResponse.SC_UNAUTHORIZED,
          "Unauthorized",
          "请先登录（Camunda 账号，或 HTTP Basic 认证）");
      return;
    }
    if (!Roles.isHq(caller.groups()) && !(Roles.canRead(caller.groups()) && readable(request))) {
      error(
          response,
          HttpServletResponse.SC_FORBIDDEN,
          "Forbidden",
          Roles.canRead(caller.groups())
              ? "学会领导可以查看活动看板、统计表、附件和单位时间线，此项操作只有组织宣传部和系统管理员可以执行"
              : "只有组织宣传部和系统管理员可以使用此功能");
      return;
    }
    // a browser session sends its cookie with any request, also one forged by another site: a
    // change must carry the session's CSRF token as well (HTTP Basic clients send no cookie)
    if (caller.fromSession()
        && !SAFE_METHODS.contains(request.getMethod())
        && !Callers.hasCsrfToken(request)) {
      error(
          response,
          HttpServletResponse.SC_FORBIDDEN,
          "Forbidden",
          "请求缺少有效的安全令牌（CSRF），未执行。请刷新页面后重试。");
      return;
    }
    String userId = caller.userId();
    chain.doFilter(
        new HttpServletRequestWrapper(request) {
          @Override
          public String getRemoteUser() {
            return userId;
          }

          @Override
          public Principal getUserPrincipal() {
            return () -> userId;
          }
        },
        response);
  }

  private static void error(HttpServletResponse response, int status, String type, String message)
      throws IOException {
    response.setStatus(status);
    response.setContentType("application/json;charset=UTF-8");
    response
        .getWriter()
        .write("{\"type\":\"" + type + "\",\"message\":\"" + message + "\",\"problems\":[]}");
  }
}
