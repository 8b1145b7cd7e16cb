package org.example.stwd.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Personal sign-in links to the unit page, one per mail to a unit contact. The token is 32 random
 * bytes (base64url); only its SHA-256 is stored ({@code stwd_signin_link}), bound to one contact
 * and one unit. A link works until it expires, until HQ revokes it, or until the session it opened
 * signs out. The token is never logged: it travels in the URL's fragment, which browsers do not
 * send to the server.
 */
@Service
public class SignInLinks {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern TOKEN = Pattern.compile("^[A-Za-z0-9_-]{43}$");

  /** Why a link does not open a session. */
  public enum Refusal {
    INVALID,
    EXPIRED,
    REVOKED
  }

  /** A stored link, without its token. */
  public record Link(
      long id,
      String userId,
      String unitCode,
      String purpose,
      Instant createdAt,
      Instant expiresAt,
      Instant lastUsedAt,
      Instant revokedAt,
      String revokedBy) {

    public boolean activeAt(Instant now) {
      return revokedAt == null && now.isBefore(expiresAt);
    }
  }

  /** The outcome of checking a token: the link, or why it is refused (with the link if known). */
  public record Check(Link link, Refusal refusal) {}

  private final JdbcTemplate jdbc;
  private final TransactionTemplate ownTransaction;

  public SignInLinks(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
    this.jdbc = jdbc;
    this.ownTransaction = new TransactionTemplate(transactionManager);
    this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  /** A link made but not stored yet: its token goes into a mail, its hash into the table. */
  public record Pending(
      String token,
      String userId,
      String unitCode,
      String purpose,
      Instant createdAt,
      Instant expiresAt) {}

  /** A new link for a contact of a unit, to {@link #store} when its mail has gone out. */
  public static Pending make(
      String userId, String unitCode, String purpose, Instant now, Instant expiresAt) {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return new Pending(
        Base64.getUrlEncoder().withoutPadding().encodeToString(bytes),
        userId,
        unitCode,
        purpose,
        now,
        expiresAt);
  }

  /**
   * Stores links in the caller's transaction: the mail service stores a mail's links in the
   * transaction that records the mail as sent, so a link works exactly when its mail is on record
   * (a mail not on record is sent again, with a new link).
   */
  public void store(List<Pending> links) {
    if (links.isEmpty()) {
      return;
    }
    jdbc.batchUpdate(
        "INSERT INTO stwd_signin_link (token_hash, user_id, unit_code, purpose, created_at, expires_at)"
            + " VALUES (?, ?, ?, ?, ?, ?)",
        links.stream()
            .map(
                link ->
                    new Object[] {
                      hash(link.token()),
                      link.userId(),
                      link.unitCode(),
                      link.purpose(),
                      Timestamp.from(link.createdAt()),
                      Timestamp.from(link.expiresAt())
                    })
            .toList());
  }

  /** A new link, stored at once in a transaction of its own; returns its token. */
  public String issue(
      String userId, String unitCode, String purpose, Instant now, Instant expiresAt) {
    Pending link = make(userId, unitCode, purpose, now, expiresAt);
    ownTransaction.executeWithoutResult(status -> store(List.of(link)));
    return link.token();
  }

  /** Checks a token as presented; a working link is marked as used. */
  public Check check(String token, Instant now) {
    if (token == null || !TOKEN.matcher(token).matches()) {
      return new Check(null, Refusal.INVALID);
    }
    Optional<Link> found =
        jdbc.query(SELECT + " WHERE token_hash = ?", SignInLinks::row, hash(token)).stream()
            .findFirst();
    if (found.isEmpty()) {
      return new Check(null, Refusal.INVALID);
    }
    Link link = found.get();
    if (link.revokedAt() != null) {
      return new Check(link, Refusal.REVOKED);
    }
    if (!now.isBefore(link.expiresAt())) {
      return new Check(link, Refusal.EXPIRED);
    }
    jdbc.update(
        "UPDATE stwd_signin_link SET last_used_at = ? WHERE id = ?",
        Timestamp.from(now),
        link.id());
    return new Check(link, null);
  }

  /** Whether the link a session was opened with still works (checked on every request). */
  public boolean active(long id, Instant now) {
    return jdbc.query(SELECT + " WHERE id = ?", SignInLinks::row, id).stream()
        .anyMatch(link -> link.activeAt(now));
  }

  /** Revokes one link (the session it opened signed out, or HQ revoked it). */
  public void revoke(long id, String by, String reason, Instant now) {
    jdbc.update(
        "UPDATE stwd_signin_link SET revoked_at = ?, revoked_by = ?, revoke_reason = ?"
            + " WHERE id = ? AND revoked_at IS NULL",
        Timestamp.from(now),
        by,
        reason,
        id);
  }

  /** Revokes every working link of a unit; returns how many. */
  public int revokeUnit(String unitCode, String by, Instant now) {
    return jdbc.update(
        "UPDATE stwd_signin_link SET revoked_at = ?, revoked_by = ?, revoke_reason = 'HQ'"
            + " WHERE unit_code = ? AND revoked_at IS NULL AND expires_at > ?",
        Timestamp.from(now),
        by,
        unitCode,
        Timestamp.from(now));
  }

  /** Revokes every working link of one contact (removed from the directory); returns how many. */
  public int revokeUser(String userId, String by, Instant now) {
    return jdbc.update(
        "UPDATE stwd_signin_link SET revoked_at = ?, revoked_by = ?, revoke_reason = 'REMOVED'"
            + " WHERE user_id = ? AND revoked_at IS NULL",
        Timestamp.from(now),
        by,
        userId);
  }

  /** A unit's links, newest first (for HQ). */
  public List<Link> ofUnit(String unitCode) {
    return jdbc.query(
        SELECT + " WHERE unit_code = ? ORDER BY created_at DESC, id DESC",
        SignInLinks::row,
        unitCode);
  }

  private static final String SELECT =
      "SELECT id, user_id, unit_code, purpose, created_at, expires_at, last_used_at, revoked_at,"
          + " revoked_by FROM stwd_signin_link";

  private static Link row(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
    return new Link(
        rs.getLong("id"),
        rs.getString("user_id"),
        rs.getString("unit_code"),
        rs.getString("purpose"),
        rs.getTimestamp("created_at").toInstant(),
        rs.getTimestamp("expires_at").toInstant(),
        instant(rs.getTimestamp("last_used_at")),
        instant(rs.getTimestamp("revoked_at")),
        rs.getString("revoked_by"));
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }

  static String hash(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(token.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
