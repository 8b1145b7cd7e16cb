package org.example.stwd.web;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonMappingException;
import jakarta.annotation.Priority;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.rest.exception.RestException;
import org.glassfish.jersey.internal.spi.AutoDiscoverable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Error answers of every JAX-RS application in this server: the engine's REST ({@code
 * /engine-rest}) and the webapps' APIs ({@code /camunda/api/engine}, {@code /camunda/api/cockpit},
 * …) that Tasklist and Cockpit show in their toasts. Each answers with {@link UserErrors}: a status
 * and a Chinese message, never the engine's or Jersey's text. They replace Camunda's own mappers
 * for the same types (higher priority); Jersey's auto-discovery registers them in the webapps'
 * applications, which this application does not configure itself.
 */
public final class EngineRestErrors {

  private static final Logger LOG = LoggerFactory.getLogger(EngineRestErrors.class);

  private EngineRestErrors() {}

  static Response toResponse(Throwable error, UriInfo uri) {
    UserErrors.UserError answer = UserErrors.of(error);
    String where = uri == null ? "" : uri.getRequestUri().getRawPath();
    if (answer.fault()) {
      LOG.error("Request {} failed", where, error);
    } else if (!reachedTheEngine(error)) {
      // refusals inside the engine are logged once by the engine's command log
      // (UserErrorInterceptor)
      LOG.warn("Refused {} with {}: {}", where, answer.status(), UserErrors.firstLine(error));
    }
    return Response.status(answer.status())
        .entity(answer.body())
        .type(MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8"))
        .build();
  }

  private static boolean reachedTheEngine(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof ProcessEngineException) {
        return true;
      }
    }
    return false;
  }

  /**
   * One mapper per exception type that Camunda maps itself: Jersey picks the mapper of the nearest
   * type, then by priority.
   */
  abstract static class Mapper<E extends Throwable> implements ExceptionMapper<E> {
    @Context UriInfo uri;

    @Override
    public Response toResponse(E exception) {
      return EngineRestErrors.toResponse(exception, uri);
    }
  }

  @Provider
  @Priority(1)
  public static class RestExceptions extends Mapper<RestException> {}

  @Provider
  @Priority(1)
  public static class EngineExceptions extends Mapper<ProcessEngineException> {}

  @Provider
  @Priority(1)
  public static class JsonParseErrors extends Mapper<JsonParseException> {}

  @Provider
  @Priority(1)
  public static class JsonMappingErrors extends Mapper<JsonMappingException> {}

  /** Everything else, Jersey's own 404/405/415 included. */
  @Provider
  @Priority(1)
  public static class OtherErrors extends Mapper<Exception> {}

  public static final java.util.List<Class<?>> MAPPERS =
      java.util.List.of(
          RestExceptions.class,
          EngineExceptions.class,
          JsonParseErrors.class,
          JsonMappingErrors.class,
          OtherErrors.class);

  /** Registers the mappers in every Jersey application (META-INF/services). */
  public static class Discoverable implements AutoDiscoverable {
    @Override
    public void configure(FeatureContext context) {
      for (Class<?> mapper : MAPPERS) {
        if (!context.getConfiguration().isRegistered(mapper)) {
          context.register(mapper);
        }
      }
    }
  }
}
