package org.example.stwd.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngineException;
import org.example.stwd.validation.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Errors of the application's own REST API (its controllers) as JSON, in the same shape as the
 * engine REST's.
 */
@RestControllerAdvice(basePackages = "org.example.stwd")
public class ApiErrors {

  private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

  @ExceptionHandler(Refusal.class)
  public ResponseEntity<Map<String, Object>> refused(Refusal e) {
    HttpStatus status =
        switch (e.reason()) {
          case INVALID -> HttpStatus.BAD_REQUEST;
          case NOT_FOUND -> HttpStatus.NOT_FOUND;
          case CONFLICT -> HttpStatus.CONFLICT;
          case TOO_LARGE -> HttpStatus.PAYLOAD_TOO_LARGE;
        };
    return body(status, e.getMessage(), e.problems());
  }

  /**
   * A controller's answer to whatever its request ran into: a refusal as such, an engine or
   * database error as the user's Chinese answer (web/UserErrors: 403, 409, 503, …); only a fault
   * (500) is logged, with {@code what} failed.
   */
  public static ResponseEntity<Map<String, Object>> answer(
      RuntimeException e, org.slf4j.Logger log, String what) {
    ApiErrors errors = new ApiErrors();
    if (e instanceof Refusal refusal) {
      return errors.refused(refusal);
    }
    // a request Spring could not read (no body, a parameter of the wrong type): bad input
    if (e instanceof HttpMessageNotReadableException unreadable) {
      return errors.unreadable(unreadable);
    }
    if (e instanceof MethodArgumentTypeMismatchException mismatch) {
      return errors.mismatch(mismatch);
    }
    UserErrors.UserError error = UserErrors.of(e);
    if (error.fault()) {
      log.error("{} failed", what, e);
    }
    Map<String, Object> body = error.body();
    // the type names what happened, never a class
    body.put("type", UserErrors.kind(error.status()));
    return ResponseEntity.status(error.status()).body(body);
  }

  /**
   * What the engine or the database answered to a request of the application's own API: a lost race
   * (409), the database unreachable (503), with {@link UserErrors}' Chinese message; a fault stays
   * a 500 with its trace in the log.
   */
  @ExceptionHandler({
    ProcessEngineException.class,
    DataAccessException.class,
    TransactionException.class
  })
  public ResponseEntity<Map<String, Object>> failed(RuntimeException e) {
    UserErrors.UserError answer = UserErrors.of(e);
    if (answer.fault()) {
      LOG.error("Request failed", e);
    } else {
      LOG.warn("Refused with {}: {}", answer.status(), UserErrors.firstLine(e));
    }
    return body(HttpStatus.valueOf(answer.status()), answer.message(), answer.problems());
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  public ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e) {
    return body(HttpStatus.BAD_REQUEST, "请求内容不是有效的 JSON，或字段类型不对", List.of());
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  public ResponseEntity<Map<String, Object>> mismatch(MethodArgumentTypeMismatchException e) {
    return body(
        HttpStatus.BAD_REQUEST, "参数 " + e.getName() + " 的值“" + e.getValue() + "”无效", List.of());
  }

  @ExceptionHandler(MissingServletRequestParameterException.class)
  public ResponseEntity<Map<String, Object>> missing(MissingServletRequestParameterException e) {
    return body(HttpStatus.BAD_REQUEST, "缺少参数 " + e.getParameterName(), List.of());
  }

  private static ResponseEntity<Map<String, Object>> body(
      HttpStatus status, String message, List<String> problems) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", status.getReasonPhrase());
    body.put("message", message);
    body.put("problems", problems);
    return ResponseEntity.status(status).body(body);
  }
}
