package org.example.stwd.unitpage;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.example.stwd.engine.Callers;
import org.example.stwd.engine.EngineClock;
import org.example.stwd.security.Roles;
import org.example.stwd.security.SignInLinks;
import org.example.stwd.security.UnitContacts;
import org.example.stwd.security.UnitSessions;
import org.example.stwd.security.UnitSessions.UnitSession;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Decides who calls the unit page's API ({@code /api/unit/*}, except the sign-in calls under {@code
 * /api/unit/session/}), on every request, from the server's records only: a contact signed in to
 * the unit page (still a contact of that unit; a session opened by a link ends when the link is
 * revoked or expires), or HQ signed in to the webapps viewing a unit read-only ({@code
 * ?unit=<code>}). Changes need the unit session's CSRF token and are refused to read-only viewers.
 */
@Component
public class UnitPageFilter extends OncePerRequestFilter {

  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

  private final UnitContacts contacts;
  private final SignInLinks links;
  private final Callers callers;

  public UnitPageFilter(UnitContacts contacts, SignInLinks links, Callers callers) {
    this.contacts = contacts;
    this.links = links;
    this.callers = callers;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return request.getRequestURI().startsWith(request.getContextPath() + "/api/unit/session/");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Viewer viewer = contact(request);
    if (viewer == null) {
      viewer = hq(request);
    }
    if (viewer == null) {
      UnitPageAnswers.write(response, 401, "Unauthorized", "请先登录：打开邮件中的登录链接，或使用账号密码登录。");
      return;
    }
    if (!SAFE_METHODS.contains(request.getMethod())) {
      if (viewer.readOnly()) {
        UnitPageAnswers.write(response, 403, "Forbidden", "这是以该单位视角查看的只读页面，不能代单位保存或提交。");
        return;
      }
      if (!UnitSessions.hasCsrfToken(request)) {
        UnitPageAnswers.write(response, 403, "Forbidden", "请求缺少有效的安全令牌（CSRF），未执行。请刷新页面后重试。");
        return;
      }
    }
    request.setAttribute(Viewer.ATTRIBUTE, viewer);
    chain.doFilter(request, response);
  }

  private Viewer contact(HttpServletRequest request) {
    UnitSession session = UnitSessions.current(request).orElse(null);
    if (session == null) {
      return null;
    }
    if (session.linkId() != null && !links.active(session.linkId(), EngineClock.now())) {
      UnitSessions.close(request);
      return null;
    }
    return contacts
        .of(session.userId(), session.unitCode())
        .map(
            c ->
                new Viewer(
                    Viewer.Kind.CONTACT,
                    c.userId(),
                    c.name(),
                    c.unitCode(),
                    c.groups(),
                    session.linkId()))
        .orElseGet(
            () -> {
              // no longer a contact of that unit: the session ends
              UnitSessions.close(request);
              return null;
            });
  }

  private Viewer hq(HttpServletRequest request) {
    String unit = request.getParameter("unit");
    return callers
        .of(request)
        .filter(caller -> Roles.isHq(caller.groups()))
        .filter(caller -> unit != null && !unit.isBlank())
        .map(
            caller ->
                new Viewer(
                    Viewer.Kind.HQ,
                    caller.userId(),
                    caller.userId(),
                    unit.strip(),
                    caller.groups(),
                    null))
        .orElse(null);
  }
}
