package org.example.stwd.unitpage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser on the unit page, as its script calls the API: one cookie jar (one session), the
 * session's CSRF token on changes.
 */
final class UnitClient {

  static final Pattern SIGN_IN_LINK = Pattern.compile("/unit/signin#t=([A-Za-z0-9_-]{43})");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final int port;
  private final HttpClient http;
  private final CookieManager cookies = new CookieManager();
  private String csrf;

  UnitClient(int port) {
    this.port = port;
    this.http = HttpClient.newBuilder().cookieHandler(cookies).build();
  }

  /** The first sign-in token in a mail's text. */
  static String token(String mailText) {
    Matcher m = SIGN_IN_LINK.matcher(mailText);
    if (!m.find()) {
      throw new AssertionError("no sign-in link in: " + mailText);
    }
    return m.group(1);
  }

  HttpResponse<String> signInWithLink(String token) throws IOException, InterruptedException {
    return send("POST", "/api/unit/session/link", "{\"token\": \"" + token + "\"}");
  }

  HttpResponse<String> signInWithPassword(String user, String password)
      throws IOException, InterruptedException {
    return send(
        "POST",
        "/api/unit/session/password",
        "{\"username\": \"" + user + "\", \"password\": \"" + password + "\"}");
  }

  HttpResponse<String> signOut() throws IOException, InterruptedException {
    return send("POST", "/api/unit/session/logout", null);
  }

  /** GET /api/unit/me, keeping the session's CSRF token. */
  JsonNode me() throws IOException, InterruptedException {
    HttpResponse<String> response = send("GET", "/api/unit/me", null);
    if (response.statusCode() != 200) {
      throw new AssertionError("me: " + response.statusCode() + " " + response.body());
    }
    JsonNode me = JSON.readTree(response.body());
    csrf = me.path("csrfToken").asText(null);
    return me;
  }

  JsonNode getJson(String path) throws IOException, InterruptedException {
    HttpResponse<String> response = send("GET", path, null);
    if (response.statusCode() != 200) {
      throw new AssertionError(path + ": " + response.statusCode() + " " + response.body());
    }
    return JSON.readTree(response.body());
  }

  HttpResponse<String> send(String method, String path, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json");
    if (csrf != null) {
      request.header("X-XSRF-TOKEN", csrf);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Sends raw bytes (an upload), with the session's CSRF token. */
  HttpResponse<String> sendBytes(String method, String path, byte[] body, String contentType)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .method(method, HttpRequest.BodyPublishers.ofByteArray(body))
            .header("Content-Type", contentType)
            .header("Accept", "application/json");
    if (csrf != null) {
      request.header("X-XSRF-TOKEN", csrf);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The session's cookies as a Cookie header. */
  String cookieHeader() {
    return String.join(
        "; ", cookies.getCookieStore().getCookies().stream().map(Object::toString).toList());
  }

  /** GET of a file: its bytes and headers. */
  HttpResponse<byte[]> download(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  static JsonNode json(HttpResponse<String> response) throws IOException {
    return JSON.readTree(response.body());
  }
}
