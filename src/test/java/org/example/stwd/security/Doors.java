package org.example.stwd.security;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The two doors a person reaches the engine through: the engine's REST with HTTP Basic, and the
 * webapps' API ({@code /camunda/api/engine/...}) with a logged-in browser session and its CSRF
 * token, as Tasklist and Cockpit call it. A null user is anonymous.
 */
public final class Doors {

  /** How a request is made: by whom and through which door. */
  public interface Door {
    HttpResponse<String> send(String method, String enginePath, String body)
        throws IOException, InterruptedException;

    /** Any path of the server (not only the engine's), with this door's credentials. */
    HttpResponse<String> sendRaw(String method, String path, String body)
        throws IOException, InterruptedException;

    String describe();

    /** A cookie the door's browser holds (webapp sessions only). */
    default String cookie(String name) {
      return null;
    }
  }

  private final int port;
  private final String password;

  public Doors(int port, String password) {
    this.port = port;
    this.password = password;
  }

  public Door rest(String user) {
    HttpClient http = HttpClient.newHttpClient();
    return new Door() {
      @Override
      public HttpResponse<String> send(String method, String enginePath, String body)
          throws IOException, InterruptedException {
        return sendRaw(method, "/engine-rest" + enginePath, body);
      }

      @Override
      public HttpResponse<String> sendRaw(String method, String path, String body)
          throws IOException, InterruptedException {
        HttpRequest.Builder request = request(method, path, body);
        if (user != null) {
          request.header(
              "Authorization",
              "Basic "
                  + Base64.getEncoder()
                      .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      }

      @Override
      public String describe() {
        return "REST as " + (user == null ? "anonymous" : user);
      }
    };
  }

  /**
   * A browser session logged into the webapps (through the app the user may open), sending the CSRF
   * token.
   */
  public Door webapp(String user, String app) throws IOException, InterruptedException {
    CookieManager cookies = new CookieManager();
    HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).build();
    // the first page gives the session and its CSRF token
    http.send(
        HttpRequest.newBuilder(uri("/camunda/app/" + app + "/default/")).build(),
        HttpResponse.BodyHandlers.discarding());
    if (user != null) {
      String form =
          "username="
              + URLEncoder.encode(user, StandardCharsets.UTF_8)
              + "&password="
              + URLEncoder.encode(password, StandardCharsets.UTF_8);
      HttpResponse<String> login =
          http.send(
              HttpRequest.newBuilder(uri("/camunda/api/admin/auth/user/default/login/" + app))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .header("X-XSRF-TOKEN", token(cookies))
                  .POST(HttpRequest.BodyPublishers.ofString(form))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (login.statusCode() != 200) {
        throw new IllegalStateException(
            "login of " + user + " to " + app + ": " + login.statusCode() + " " + login.body());
      }
      // a new session after the login: fetch its token
      http.send(
          HttpRequest.newBuilder(uri("/camunda/app/" + app + "/default/")).build(),
          HttpResponse.BodyHandlers.discarding());
    }
    return new Door() {
      @Override
      public HttpResponse<String> send(String method, String enginePath, String body)
          throws IOException, InterruptedException {
        return sendRaw(method, "/camunda/api/engine/engine/default" + enginePath, body);
      }

      @Override
      public HttpResponse<String> sendRaw(String method, String path, String body)
          throws IOException, InterruptedException {
        return http.send(
            request(method, path, body).header("X-XSRF-TOKEN", token(cookies)).build(),
            HttpResponse.BodyHandlers.ofString());
      }

      @Override
      public String describe() {
        return "webapp API as " + (user == null ? "anonymous" : user);
      }

      @Override
      public String cookie(String name) {
        return cookies.getCookieStore().getCookies().stream()
            .filter(c -> c.getName().equals(name))
            .map(HttpCookie::getValue)
            .findFirst()
            .orElse(null);
      }
    };
  }

  private static String token(CookieManager cookies) {
    return cookies.getCookieStore().getCookies().stream()
        .filter(c -> c.getName().equals("XSRF-TOKEN"))
        .map(HttpCookie::getValue)
        .findFirst()
        .orElse("");
  }

  private HttpRequest.Builder request(String method, String path, String body) {
    return HttpRequest.newBuilder(uri(path))
        .header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .method(
            method,
            body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
  }

  private URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }
}
