package org.example.stwd.validation;

import jakarta.annotation.Priority;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.LinkedHashMap;
import java.util.Map;
import org.camunda.bpm.engine.rest.exception.ExceptionHandlerHelper;
import org.camunda.bpm.engine.rest.exception.RestException;

/**
 * Camunda's REST resources wrap every engine exception into a RestException whose status depends
 * on the endpoint (submit-form: 400, start and complete: 500) and whose message starts with
 * "Cannot submit task form &lt;id&gt;:". Bad input is the caller's error on every endpoint: this
 * answers 400 with the user's message only (Tasklist shows it as is) and the list of problems.
 * Any other RestException is handled exactly as Camunda does.
 */
@Provider
@Priority(1)
public class InvalidInputExceptionMapper implements ExceptionMapper<RestException> {

  @Override
  public Response toResponse(RestException exception) {
    for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
      if (cause instanceof InvalidInputException invalid) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "InvalidInputException");
        body.put("message", invalid.getMessage());
        body.put("problems", invalid.problems());
        return Response.status(Response.Status.BAD_REQUEST).entity(body).type(MediaType.APPLICATION_JSON_TYPE).build();
      }
    }
    return ExceptionHandlerHelper.getInstance().getResponse(exception);
  }
}
