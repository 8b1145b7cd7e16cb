package org.example.stwd.engine;

import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.rest.security.auth.AuthenticationProvider;
import org.camunda.bpm.engine.rest.security.auth.AuthenticationResult;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;

/**
 * The engine's REST authentication ({@code /engine-rest/*}, HTTP Basic) with two differences: the
 * login is verified by {@link BasicLogins} (password, groups and tenants in one command, and
 * remembered briefly), and the addressed engine is this application's engine, not looked up through
 * {@code ServiceLoader} on every request (the resources behind it still do, and find the provider
 * file in memory: {@link EngineLookupClassLoader}). What a caller may do is unchanged: the engine
 * applies the user's authorizations to every call. Logins whose groups {@code refusedGroups} names
 * (unit contacts, who have the unit page) get 403 with {@code refusal}.
 */
public class EngineRestAuthenticationFilter extends ProcessEngineAuthenticationFilter {

  private final ProcessEngine engine;
  private final BasicLogins logins;
  private final java.util.function.Predicate<java.util.List<String>> refusedGroups;
  private final String refusal;
  private final boolean providerFileInMemory;
  private volatile EngineLookupClassLoader lookupLoader;

  public EngineRestAuthenticationFilter(
      ProcessEngine engine,
      BasicLogins logins,
      boolean providerFileInMemory,
      java.util.function.Predicate<java.util.List<String>> refusedGroups,
      String refusal) {
    this.engine = engine;
    this.logins = logins;
    this.refusedGroups = refusedGroups;
    this.refusal = refusal;
    this.providerFileInMemory = providerFileInMemory;
    this.authenticationProvider = new Provider(logins);
  }

  @Override
  public void init(FilterConfig filterConfig) {
    servletPathPrefix = filterConfig.getInitParameter(SERVLET_PATH_PREFIX);
  }

  /**
   * Serves the request with the engine's provider file at hand ({@link EngineLookupClassLoader}).
   */
  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (refused((HttpServletRequest) request)) {
      HttpServletResponse http = (HttpServletResponse) response;
      http.setStatus(HttpServletResponse.SC_FORBIDDEN);
      http.setContentType("application/json;charset=UTF-8");
      http.getWriter()
          .write("{\"type\":\"Forbidden\",\"message\":\"" + refusal + "\",\"problems\":[]}");
      return;
    }
    if (!providerFileInMemory) {
      super.doFilter(request, response, chain);
      return;
    }
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(lookupLoader(previous));
    try {
      super.doFilter(request, response, chain);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  /**
   * A login whose groups this door does not serve (unit contacts: they have a door of their own).
   */
  private boolean refused(HttpServletRequest request) {
    return logins
        .verify(request.getHeader("Authorization"))
        .map(login -> refusedGroups.test(login.groupIds()))
        .orElse(false);
  }

  private ClassLoader lookupLoader(ClassLoader current) {
    if (current == null) {
      return null;
    }
    EngineLookupClassLoader loader = this.lookupLoader;
    if (loader == null || loader.getParent() != current) {
      loader = new EngineLookupClassLoader(current);
      this.lookupLoader = loader;
    }
    return loader;
  }

  /** Every path needs a login, the list of engines ({@code /engine-rest/engine}) too. */
  @Override
  protected boolean requiresEngineAuthentication(String requestUrl) {
    return true;
  }

  @Override
  protected ProcessEngine getAddressedEngine(String engineName) {
    // "/engine/" (the list of engines, with a slash) names no engine: this one answers, after a
    // login
    return engine.getName().equals(engineName) || engineName == null || engineName.isEmpty()
        ? engine
        : null;
  }

  /** HTTP Basic, as the engine's {@code HttpBasicAuthenticationProvider} answers it. */
  static class Provider implements AuthenticationProvider {

    private final BasicLogins logins;

    Provider(BasicLogins logins) {
      this.logins = logins;
    }

    @Override
    public AuthenticationResult extractAuthenticatedUser(
        HttpServletRequest request, ProcessEngine engine) {
      return logins
          .verify(request.getHeader("Authorization"))
          .map(
              login -> {
                AuthenticationResult result = AuthenticationResult.successful(login.userId());
                result.setGroups(login.groupIds());
                result.setTenants(login.tenantIds());
                return result;
              })
          .orElseGet(AuthenticationResult::unsuccessful);
    }

    @Override
    public void augmentResponseByAuthenticationChallenge(
        HttpServletResponse response, ProcessEngine engine) {
      response.setHeader("WWW-Authenticate", "Basic realm=\"" + engine.getName() + "\"");
      // the filter sets 401 afterwards; the body is buffered, so the status can still be set
      response.setContentType("application/json;charset=UTF-8");
      try {
        response
            .getWriter()
            .write(
                "{\"type\":\"Unauthorized\",\"message\":\"请先登录：用户名和密码不正确，或未提供（HTTP Basic 认证）\",\"problems\":[]}");
      } catch (java.io.IOException e) {
        // the client went away
      }
    }
  }
}
