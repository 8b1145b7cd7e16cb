package org.example.stwd.notify;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Reads the mail log (stwd_mail_log): every attempt to send, with recipients and outcome. */
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
      String idempotencyKey) {}

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

  /** One attempt to send a mail, and how it went (SENT, FAILED, …). */
  public void record(OutgoingMail mail, String outcome, String error, Instant at) {
    jdbc.update(
        "INSERT INTO stwd_mail_log (idem_key, campaign_code, unit_code, kind, recipients, subject, outcome, error, created_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        mail.idempotencyKey(),
        mail.campaignCode(),
        mail.unitCode(),
        mail.kind().name(),
        truncate(String.join(",", mail.to()), 2000),
        truncate(mail.subject(), 300),
        outcome,
        error == null ? null : truncate(error, 1000),
        Timestamp.from(at));
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
              return new Entry(
                  rs.getLong("id"),
                  rs.getTimestamp("created_at").toInstant(),
                  rs.getString("campaign_code"),
                  rs.getString("unit_code"),
                  kind,
                  kind.label(),
                  to.isEmpty() ? List.of() : List.of(to.split(",")),
                  rs.getString("subject"),
                  rs.getString("outcome"),
                  rs.getString("error"),
                  rs.getString("idem_key"));
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
