package org.example.stwd.security;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.example.stwd.engine.Callers;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * HQ's own pages (the board, the directory), behind the same login as the Camunda webapps: not
 * logged in → to the Camunda login (whose welcome page links back); a user outside HQ → 403 in
 * Chinese; HQ → the page with the session's CSRF token in a {@code <meta name="csrf-token">}, which
 * the page sends with its changes.
 */
@Component
public class HqPages {

  private final Callers callers;

  public HqPages(Callers callers) {
    this.callers = callers;
  }

  /** The page {@code resource} (class path) for HQ; {@code what} names it in the refusal. */
  public ResponseEntity<String> serve(HttpServletRequest request, String resource, String what)
      throws IOException {
    return serve(request, resource, what, false);
  }

  /**
   * A page HQ and the leaders may open (the board, a unit's timeline); the page learns from {@code
   * <meta name="stwd-can-change">} whether to offer HQ's actions.
   */
  public ResponseEntity<String> serveReadable(
      HttpServletRequest request, String resource, String what) throws IOException {
    return serve(request, resource, what, true);
  }

  private ResponseEntity<String> serve(
      HttpServletRequest request, String resource, String what, boolean leadersToo)
      throws IOException {
    Callers.Caller caller = callers.of(request).orElse(null);
    if (caller == null) {
      return ResponseEntity.status(HttpStatus.FOUND)
          .header(HttpHeaders.LOCATION, "/camunda/app/welcome/default/")
          .build();
    }
    boolean hq = Roles.isHq(caller.groups());
    if (!hq && !(leadersToo && Roles.canRead(caller.groups()))) {
      return ResponseEntity.status(HttpStatus.FORBIDDEN)
          .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
          .body(
              """
              <!DOCTYPE html><html lang="zh-CN"><head><meta charset="UTF-8"><title>无权访问</title></head>
              <body style="font-family:sans-serif;margin:48px;color:#1f2937"><h1 style="font-size:20px">无权访问%s</h1>
              <p>%s仅供%s使用。请在<a href="/camunda/app/tasklist/">任务列表</a>中办理您的任务；各单位请使用<a href="/unit/login">单位报送页面</a>。</p></body></html>
              """
                  .formatted(what, what, leadersToo ? "组织宣传部、学会领导和系统管理员" : "组织宣传部和系统管理员"));
    }
    String page =
        new ClassPathResource(resource)
            .getContentAsString(StandardCharsets.UTF_8)
            .replace(
                "<head>",
                "<head>\n<meta name=\"csrf-token\" content=\""
                    + Callers.csrfToken(request.getSession())
                    + "\">\n<meta name=\"stwd-can-change\" content=\""
                    + hq
                    + "\">");
    return ResponseEntity.ok()
        .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
        .header(HttpHeaders.CACHE_CONTROL, "no-store")
        .body(page);
  }
}
