package org.example.stwd.validation;

import java.util.List;

/**
 * A request the product refuses, with a Chinese message for the user: the services' own answer to a
 * request they cannot serve. web/ApiErrors turns it into HTTP; the services know nothing of HTTP.
 */
public class Refusal extends RuntimeException {

  /** Why: the request is wrong, names nothing that exists, or conflicts with the state. */
  public enum Reason {
    INVALID,
    NOT_FOUND,
    CONFLICT,
    /** Larger than allowed (an upload over a size limit or quota). */
    TOO_LARGE
  }

  private final Reason reason;
  private final List<String> problems;

  private Refusal(Reason reason, String message, List<String> problems) {
    super(message);
    this.reason = reason;
    this.problems = List.copyOf(problems);
  }

  public static Refusal invalid(List<String> problems) {
    return new Refusal(Reason.INVALID, String.join("；", problems), problems);
  }

  public static Refusal notFound(String message) {
    return new Refusal(Reason.NOT_FOUND, message, List.of());
  }

  public static Refusal tooLarge(String message) {
    return new Refusal(Reason.TOO_LARGE, message, List.of(message));
  }

  public static Refusal conflict(String message) {
    return new Refusal(Reason.CONFLICT, message, List.of());
  }

  public Reason reason() {
    return reason;
  }

  public List<String> problems() {
    return problems;
  }
}
