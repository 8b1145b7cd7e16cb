package org.example.stwd.attachments;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The {@code ?name=} of an upload, read from the query string itself: asking the servlet request
 * for a parameter would make Tomcat read a body sent as {@code application/x-www-form-urlencoded}
 * (what {@code curl --data-binary} sends) as form fields, and the file would be gone.
 */
public final class UploadName {

  private UploadName() {}

  public static String of(HttpServletRequest request) {
    String query = request.getQueryString();
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      if (key.equals("name")) {
        try {
          return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          return null;
        }
      }
    }
    return null;
  }
}
