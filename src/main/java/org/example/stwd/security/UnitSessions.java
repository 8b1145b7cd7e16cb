package org.example.stwd.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The unit page's own session: which contact signed in (by link or password) and, for a link, which
 * one, so that revoking the link ends the session too. It lives in the servlet session beside
 * (never mixed with) the Camunda webapps' login, with its own CSRF token.
 */
public final class UnitSessions {

  private static final String ATTRIBUTE = "stwd.unit.session";
  private static final String CSRF = "stwd.unit.csrf";
  public static final String CSRF_HEADER = "X-XSRF-TOKEN";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A signed-in contact; {@code linkId} is null after a password sign-in. */
  public record UnitSession(String userId, String unitCode, Long linkId) implements Serializable {}

  private UnitSessions() {}

  public static Optional<UnitSession> current(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    return session == null
        ? Optional.empty()
        : Optional.ofNullable((UnitSession) session.getAttribute(ATTRIBUTE));
  }

  /**
   * Starts the contact's session in a new servlet session (the old one's id is never reused: no
   * session fixation).
   */
  public static void open(HttpServletRequest request, UnitSession unitSession) {
    HttpSession old = request.getSession(false);
    if (old != null) {
      old.invalidate();
    }
    HttpSession session = request.getSession(true);
    session.setAttribute(ATTRIBUTE, unitSession);
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    session.setAttribute(CSRF, HexFormat.of().formatHex(bytes));
  }

  public static void close(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    if (session != null) {
      session.invalidate();
    }
  }

  public static String csrfToken(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    return session == null ? null : (String) session.getAttribute(CSRF);
  }

  /** Whether a change carries the unit session's CSRF token. */
  public static boolean hasCsrfToken(HttpServletRequest request) {
    String expected = csrfToken(request);
    String sent = request.getHeader(CSRF_HEADER);
    return expected != null
        && sent != null
        && MessageDigest.isEqual(expected.getBytes(), sent.getBytes());
  }
}
