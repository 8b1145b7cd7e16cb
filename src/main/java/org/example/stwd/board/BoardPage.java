package org.example.stwd.board;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.example.stwd.engine.Callers;
import org.example.stwd.security.Roles;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The campaign board page ({@code /board}), behind the same login as the Camunda webapps: not
 * logged in → to the Camunda login (whose welcome page links back here); a user outside HQ → 403.
 */
@Controller
public class BoardPage {

  private static final String FORBIDDEN =
      """
      <!DOCTYPE html><html lang="zh-CN"><head><meta charset="UTF-8"><title>无权访问</title></head>
      <body style="font-family:sans-serif;margin:48px;color:#1f2937"><h1 style="font-size:20px">无权访问活动看板</h1>
      <p>活动看板仅供组织宣传部和系统管理员使用。请在<a href="/camunda/app/tasklist/">任务列表</a>中办理本单位的任务。</p></body></html>
      """;

  private final Callers callers;

  public BoardPage(Callers callers) {
    this.callers = callers;
  }

  @GetMapping({"/board", "/board/"})
  public ResponseEntity<String> board(HttpServletRequest request) throws IOException {
    Callers.Caller caller = callers.of(request).orElse(null);
    if (caller == null) {
      return ResponseEntity.status(HttpStatus.FOUND)
          .header(HttpHeaders.LOCATION, "/camunda/app/welcome/default/")
          .build();
    }
    if (!Roles.isHq(caller.groups())) {
      return ResponseEntity.status(HttpStatus.FORBIDDEN)
          .contentType(MediaType.TEXT_HTML)
          .body(FORBIDDEN);
    }
    // the page sends the session's CSRF token with its changes (urging)
    String page =
        new ClassPathResource("board/index.html")
            .getContentAsString(StandardCharsets.UTF_8)
            .replace(
                "<head>",
                "<head>\n<meta name=\"csrf-token\" content=\""
                    + Callers.csrfToken(request.getSession())
                    + "\">");
    return ResponseEntity.ok()
        .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
        .header(HttpHeaders.CACHE_CONTROL, "no-store")
        .body(page);
  }
}
