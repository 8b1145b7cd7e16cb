package org.example.stwd.unitpage;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The unit page API's refusals written by its filters, in the API's error shape. */
final class UnitPageAnswers {

  private static final ObjectMapper JSON = new ObjectMapper();

  private UnitPageAnswers() {}

  static Map<String, Object> body(String type, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", type);
    body.put("message", message);
    body.put("problems", List.of());
    return body;
  }

  static void write(HttpServletResponse response, int status, String type, String message)
      throws IOException {
    response.setStatus(status);
    response.setContentType("application/json;charset=UTF-8");
    response.setHeader("Cache-Control", "no-store");
    JSON.writeValue(response.getOutputStream(), body(type, message));
  }
}
