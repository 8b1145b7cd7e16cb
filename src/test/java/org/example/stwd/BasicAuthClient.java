package org.example.stwd;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Calls to the application on a test's port as a demo user (password {@code test}, HTTP Basic), or
 * anonymously (user null). A body that is not a String is sent as JSON.
 */
public final class BasicAuthClient {

  static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newHttpClient();
  private final int port;

  public BasicAuthClient(int port) {
    this.port = port;
  }

  /** {@code target}: a path on the application, or a full URL. */
  public HttpResponse<String> call(String user, String method, String target, Object body)
      throws IOException, InterruptedException {
    URI uri = URI.create(target.startsWith("http") ? target : "http://localhost:" + port + target);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json(body)));
    if (user != null) {
      request.header(
          "Authorization",
          "Basic "
              + Base64.getEncoder()
                  .encodeToString((user + ":test").getBytes(StandardCharsets.UTF_8)));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> get(String user, String target)
      throws IOException, InterruptedException {
    return call(user, "GET", target, null);
  }

  private static String json(Object body) throws JsonProcessingException {
    return body instanceof String s ? s : JSON.writeValueAsString(body);
  }
}
