package org.example.stwd.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.util.HtmlUtils;

/**
 * Error answers that do not come from a JAX-RS application or an application controller: a filter's
 * 401/403 ({@code sendError}, Camunda's webapp security filter), a path nothing serves, and
 * requests Tomcat refuses before any servlet (an encoded {@code ..%2F}). All in Chinese, as JSON
 * for API paths and as a short page otherwise; never Tomcat's or Spring's English page.
 */
@Controller
public class ErrorPages implements ErrorController {

  @RequestMapping("/error")
  public ResponseEntity<?> error(HttpServletRequest request) {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    int status = code instanceof Integer i && i >= 400 ? i : 500;
    Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
    UserErrors.UserError answer = status >= 500 ? UserErrors.fault() : UserErrors.byStatus(status);
    // an exception thrown by a filter (a login checked against the database while it is away)
    if (status == 500
        && request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable e) {
      UserErrors.UserError known = UserErrors.of(e);
      if (!known.fault()) {
        answer = known;
        status = known.status();
      }
    }
    if (isApi(uri == null ? "" : uri.toString()) || !accepts(request, MediaType.TEXT_HTML)) {
      Map<String, Object> body = answer.body();
      return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
    }
    return ResponseEntity.status(status)
        .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
        .body(page(status, answer.message()));
  }

  private static boolean isApi(String path) {
    return path.startsWith("/api/")
        || path.startsWith("/engine-rest")
        || path.startsWith("/camunda/api/")
        || path.startsWith("/actuator");
  }

  private static boolean accepts(HttpServletRequest request, MediaType type) {
    String accept = request.getHeader(HttpHeaders.ACCEPT);
    return accept != null && accept.contains(type.toString());
  }

  static String page(int status, String message) {
    return "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"UTF-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<title>请求未能完成</title></head><body style=\"font-family:sans-serif;margin:32px;color:#1f2937;line-height:1.6\">"
        + "<h1 style=\"font-size:20px\">请求未能完成（"
        + status
        + "）</h1><p>"
        + HtmlUtils.htmlEscape(message)
        + "</p>"
        + "<p><a href=\"/camunda/app/welcome/default/\">返回首页</a></p></body></html>";
  }

  /**
   * Tomcat's own error report (requests refused before any servlet), in Chinese and without its
   * version.
   */
  public static class ChineseErrorReportValve extends ErrorReportValve {
    @Override
    protected void report(Request request, Response response, Throwable throwable) {
      int status = response.getStatus();
      if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
        return;
      }
      try {
        response.setContentType("text/html");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        Writer writer = response.getReporter();
        if (writer != null) {
          writer.write(page(status, UserErrors.byStatus(status).message()));
          response.finishResponse();
        }
      } catch (IOException | IllegalStateException e) {
        // the client went away: nothing to tell it
      }
    }
  }

  @Bean
  public WebServerFactoryCustomizer<TomcatServletWebServerFactory> chineseTomcatErrors() {
    return factory ->
        factory.addContextCustomizers(
            context -> {
              if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(ChineseErrorReportValve.class.getName());
                for (Valve valve : host.getPipeline().getValves()) {
                  if (valve instanceof ErrorReportValve
                      && !(valve instanceof ChineseErrorReportValve)) {
                    host.getPipeline().removeValve(valve);
                    host.getPipeline().addValve(new ChineseErrorReportValve());
                  }
                }
              }
            });
  }
}
