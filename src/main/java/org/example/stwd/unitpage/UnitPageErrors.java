package org.example.stwd.unitpage;

import java.util.Map;
import org.example.stwd.validation.Refusal;
import org.example.stwd.web.ApiErrors;
import org.example.stwd.web.UserErrors;
import org.example.stwd.web.UserErrors.UserError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * How the unit page's API answers what went wrong: in Chinese, with a status that says what
 * happened; only a fault is a 500, and its text stays in the log.
 */
@RestControllerAdvice(assignableTypes = {UnitPageController.class, UnitFilesController.class})
@Order(Ordered.HIGHEST_PRECEDENCE)
public class UnitPageErrors {

  private static final Logger LOG = LoggerFactory.getLogger(UnitPageErrors.class);

  /** A submission the form's rules refused: the problems, each under its field where it has one. */
  @ExceptionHandler(FieldProblems.Invalid.class)
  public ResponseEntity<Map<String, Object>> invalid(FieldProblems.Invalid e) {
    LOG.warn("Unit page submission refused: {}", e.getMessage());
    return ResponseEntity.status(400).cacheControl(CacheControl.noStore()).body(e.body());
  }

  /** The service's refusals, as everywhere in the application's API. */
  @ExceptionHandler(Refusal.class)
  public ResponseEntity<Map<String, Object>> refusal(Refusal e) {
    return new ApiErrors().refused(e);
  }

  /**
   * What the engine refused (bad input from the task's listener, a task done meanwhile, a lost
   * race) in Chinese, with its status; only a fault is a 500, and its text stays in the log.
   */
  @ExceptionHandler(RuntimeException.class)
  public ResponseEntity<Map<String, Object>> refused(RuntimeException e) {
    UserError error = UserErrors.of(e);
    if (error.fault()) {
      LOG.error("Unit page request failed", e);
    } else {
      LOG.warn("Unit page request refused: {}", UserErrors.firstLine(e));
    }
    Map<String, Object> body = error.body();
    // the type names what happened, never an engine class
    body.put("type", UserErrors.kind(error.status()));
    return ResponseEntity.status(error.status()).cacheControl(CacheControl.noStore()).body(body);
  }
}
