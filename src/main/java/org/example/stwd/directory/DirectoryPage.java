package org.example.stwd.directory;

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
 * The directory page ({@code /directory}) for HQ, behind the same login as the webapps and the
 * board: not logged in → to the Camunda login; a user outside HQ → 403.
 */
@Controller
public class DirectoryPage {

  private static final String FORBIDDEN =
      """
      <!DOCTYPE html><html lang="zh-CN"><head><meta charset="UTF-8"><title>无权访问</title></head>
      <body style="font-family:sans-serif;margin:48px;color:#1f2937"><h1 style="font-size:20px">无权访问单位名录</h1>
      <p>单位名录仅供组织宣传部和系统管理员使用。</p></body></html>
      """;

  private final Callers callers;

  public DirectoryPage(Callers callers) {
    this.callers = callers;
  }

  @GetMapping({"/directory", "/directory/"})
  public ResponseEntity<String> page(HttpServletRequest request) throws IOException {
    Callers.Caller caller = callers.of(request).orElse(null);
    if (caller == null) {
      return ResponseEntity.status(HttpStatus.FOUND)
          .header(HttpHeaders.LOCATION, "/camunda/app/welcome/default/")
          .build();
    }
    if (!Roles.isHq(caller.groups())) {
      return ResponseEntity.status(HttpStatus.FORBIDDEN)
          .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
          .body(FORBIDDEN);
    }
    // the page sends the session's CSRF token with its changes
    String page =
        new ClassPathResource("directory/index.html")
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
