package org.example.stwd.notify;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/**
 * The mail log (stwd_mail_log): every attempt to send, with recipients and outcome. An attempt is
 * written as {@code SENDING} before the SMTP conversation and set to {@code SENT} or {@code FAILED}
 * after it; an attempt found unfinished when the same mail is tried again (its node died, or its
 * transaction failed after the server took the mail) becomes {@code UNCERTAIN}: the mail may have
 * gone out twice (ADR 0013).
 */
@Repository
public class MailLog {

  /** One attempt to send a mail. */
  public record Entry(
      long id,
      Instant time,
      String campaignCode,
      String unitCode,
      MailKind kind,
      String kindLabel,
      List<String> recipients,
      String subject,
      String outcome,
      String error,
      String idempotencyKey,
      String outcomeLabel,
      String messageId,
      Instant finishedAt) {}

  /** The outcomes an attempt has, with the words the log and the board show for them. */
  public static final Map<String, String> OUTCOMES =
      Map.of(
          "SENDING", "发送中",
          "SENT", "已发送",
          "FAILED", "发送失败",
          "UNCERTAIN", "可能已发出（发送中断，未确认）");

  /**
   * A campaign's mails by their state: {@code delivered} mails the SMTP server took, {@code failed}
   * mails whose last attempt failed and that have not gone out since (they wait for their retry or
   * an incident's), {@code uncertain} mails with an interrupted attempt (they may have reached
   * their recipients twice; the repeat carries the same Message-ID), {@code sending} mails being
   * sent now.
   */
  public record Figures(long delivered, long failed, long uncertain, long sending) {}

  /** Which entries to return; null fields do not filter. */
  public record Query(
      String campaignCode,
      String unitCode,
      MailKind kind,
      String outcome,
      Instant from,
      Instant to,
      int limit,
      int offset) {}

  /** A page of entries and how many match in total. */
  public record Page(long total, int offset, List<Entry> items) {}

  private final JdbcTemplate jdbc;

  public MailLog(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** One attempt to send a mail that ended before any SMTP conversation (FAILED: no address). */
  public void record(OutgoingMail mail, String outcome, String error, Instant at) {
    insert(mail, outcome, error, null, at, at);
  }

  /**
   * Records the intent to send (outcome SENDING) before the SMTP conversation, in the caller's
   * transaction, which must commit before the mail is handed to the server. Earlier attempts of the
   * same mail that never finished become UNCERTAIN first, with {@code inFlight}: whom the
   * interrupted attempt was sending to when it stopped. Returns the new attempt's id.
   */
  public long begin(
      OutgoingMail mail, String messageId, Supplier<List<String>> inFlight, Instant at) {
    List<Long> unfinished =
        jdbc.queryForList(
            "SELECT id FROM stwd_mail_log WHERE idem_key = ? AND outcome = 'SENDING'",
            Long.class,
            mail.idempotencyKey());
    if (!unfinished.isEmpty()) {
      String detail =
          "发送中断（节点停止或事务失败），邮件可能已发给 " + String.join(",", inFlight.get()) + "；已重新发送，Message-ID 相同";
      for (Long id : unfinished) {
        jdbc.update(
            "UPDATE stwd_mail_log SET outcome = 'UNCERTAIN', error = ?, finished_at = ? WHERE id = ? AND outcome = 'SENDING'",
            truncate(detail, 1000),
            Timestamp.from(at),
            id);
      }
    }
    return insert(mail, "SENDING", null, messageId, at, null);
  }

  /** The outcome of an attempt begun with {@link #begin}. */
  public void finish(long attempt, String outcome, String error, Instant at) {
    jdbc.update(
        "UPDATE stwd_mail_log SET outcome = ?, error = ?, finished_at = ? WHERE id = ?",
        outcome,
        error == null ? null : truncate(error, 1000),
        Timestamp.from(at),
        attempt);
  }

  /**
   * Attempts still SENDING that started before {@code before} (no attempt lives that long: its SMTP
   * timeouts and its job's lock time are far shorter) become UNCERTAIN: their node died and no
   * retry has looked at them yet. Returns how many.
   */
  public int markAbandoned(Instant before, Instant at) {
    return jdbc.update(
        "UPDATE stwd_mail_log SET outcome = 'UNCERTAIN', error = ?, finished_at = ?"
            + " WHERE outcome = 'SENDING' AND created_at < ?",
        "发送中断（节点停止），未确认是否已发出，也尚未重试",
        Timestamp.from(at),
        Timestamp.from(before));
  }

  /** A campaign's mails by state ({@link Figures}); each mail counted once per state. */
  public Figures figures(String campaignCode) {
    return jdbc.queryForObject(
        "SELECT"
            + " COUNT(DISTINCT CASE WHEN outcome = 'SENT' THEN idem_key END) AS delivered,"
            + " COUNT(DISTINCT CASE WHEN outcome = 'UNCERTAIN' THEN idem_key END) AS uncertain,"
            + " COUNT(DISTINCT CASE WHEN outcome = 'SENDING' THEN idem_key END) AS sending,"
            + " COUNT(DISTINCT CASE WHEN outcome = 'FAILED' AND NOT EXISTS (SELECT 1 FROM"
            + " stwd_mail_log later WHERE later.idem_key = l.idem_key AND later.id > l.id)"
            + " THEN idem_key END) AS failed"
            + " FROM stwd_mail_log l WHERE campaign_code = ?",
        (rs, i) ->
            new Figures(
                rs.getLong("delivered"),
                rs.getLong("failed"),
                rs.getLong("uncertain"),
                rs.getLong("sending")),
        campaignCode);
  }

  private long insert(
      OutgoingMail mail,
      String outcome,
      String error,
      String messageId,
      Instant at,
      Instant finishedAt) {
    GeneratedKeyHolder key = new GeneratedKeyHolder();
    jdbc.update(
        connection -> {
          PreparedStatement ps =
              connection.prepareStatement(
                  "INSERT INTO stwd_mail_log (idem_key, campaign_code, unit_code, kind, recipients,"
                      + " subject, outcome, error, created_at, message_id, finished_at)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  new String[] {"id"});
          ps.setString(1, mail.idempotencyKey());
          ps.setString(2, mail.campaignCode());
          ps.setString(3, mail.unitCode());
          ps.setString(4, mail.kind().name());
          ps.setString(5, truncate(String.join(",", mail.to()), 2000));
          ps.setString(6, truncate(mail.subject(), 300));
          ps.setString(7, outcome);
          ps.setString(8, error == null ? null : truncate(error, 1000));
          ps.setTimestamp(9, Timestamp.from(at));
          ps.setString(10, messageId);
          ps.setTimestamp(11, finishedAt == null ? null : Timestamp.from(finishedAt));
          return ps;
        },
        key);
    return key.getKey().longValue();
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }

  public Page find(Query q) {
    StringBuilder where = new StringBuilder(" WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    filter(where, args, "campaign_code = ?", q.campaignCode());
    filter(where, args, "unit_code = ?", q.unitCode());
    filter(where, args, "kind = ?", q.kind() == null ? null : q.kind().name());
    filter(where, args, "outcome = ?", q.outcome());
    filter(where, args, "created_at >= ?", q.from() == null ? null : Timestamp.from(q.from()));
    filter(where, args, "created_at < ?", q.to() == null ? null : Timestamp.from(q.to()));
    Long total =
        jdbc.queryForObject(
            "SELECT COUNT(*) FROM stwd_mail_log" + where, Long.class, args.toArray());
    List<Object> pageArgs = new ArrayList<>(args);
    pageArgs.add(q.limit());
    pageArgs.add(q.offset());
    List<Entry> items =
        jdbc.query(
            "SELECT * FROM stwd_mail_log"
                + where
                + " ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
            (rs, i) -> {
              MailKind kind = MailKind.valueOf(rs.getString("kind"));
              String to = rs.getString("recipients");
              String outcome = rs.getString("outcome");
              Timestamp finished = rs.getTimestamp("finished_at");
              return new Entry(
                  rs.getLong("id"),
                  rs.getTimestamp("created_at").toInstant(),
                  rs.getString("campaign_code"),
                  rs.getString("unit_code"),
                  kind,
                  kind.label(),
                  to.isEmpty() ? List.of() : List.of(to.split(",")),
                  rs.getString("subject"),
                  outcome,
                  rs.getString("error"),
                  rs.getString("idem_key"),
                  OUTCOMES.getOrDefault(outcome, outcome),
                  rs.getString("message_id"),
                  finished == null ? null : finished.toInstant());
            },
            pageArgs.toArray());
    return new Page(total == null ? 0 : total, q.offset(), items);
  }

  private static void filter(
      StringBuilder where, List<Object> args, String condition, Object value) {
    if (value != null) {
      where.append(" AND ").append(condition);
      args.add(value);
    }
  }
}
