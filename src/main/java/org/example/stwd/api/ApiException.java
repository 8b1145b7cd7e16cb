package org.example.stwd.api;

import java.util.List;
import org.springframework.http.HttpStatus;

/** A request to the application's own REST API that is refused, with a Chinese message for the user. */
public class ApiException extends RuntimeException {

  private final HttpStatus status;
  private final List<String> problems;

  public ApiException(HttpStatus status, String message, List<String> problems) {
    super(message);
    this.status = status;
    this.problems = List.copyOf(problems);
  }

  public ApiException(HttpStatus status, String message) {
    this(status, message, List.of());
  }

  public static ApiException badRequest(List<String> problems) {
    return new ApiException(HttpStatus.BAD_REQUEST, String.join("；", problems), problems);
  }

  public HttpStatus status() {
    return status;
  }

  public List<String> problems() {
    return problems;
  }
}
