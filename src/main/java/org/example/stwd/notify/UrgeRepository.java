package org.example.stwd.notify;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.example.stwd.core.Phase;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The urge log (stwd_urge): every manual urge, urged or skipped, and the urge mails to deliver. */
@Repository
public class UrgeRepository {

  /** One row of the urge log. */
  public record Urge(
      long id,
      String campaignCode,
      String unitCode,
      Phase phase,
      Integer seq,
      String outcome,
      String reason,
      String detail,
      String message,
      String urgedBy,
      Instant urgedAt,
      Instant deliveredAt) {}

  private final JdbcTemplate jdbc;

  public UrgeRepository(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** A unit's urges so far in a phase: the last sequence number and the last urge by hand. */
  public record UrgeState(int lastSeq, Instant lastUrgedAt) {}

  /** Every unit's urges so far in the campaign's phase, in one query (urging thousands at once). */
  public Map<String, UrgeState> states(String campaignCode, Phase phase) {
    Map<String, UrgeState> states = new HashMap<>();
    jdbc.query(
        "SELECT unit_code, MAX(seq) AS last_seq,"
            + " MAX(CASE WHEN outcome = 'URGED' THEN urged_at END) AS last_urged"
            + " FROM stwd_urge WHERE campaign_code = ? AND phase = ? GROUP BY unit_code",
        rs -> {
          Timestamp last = rs.getTimestamp("last_urged");
          states.put(
              rs.getString("unit_code"),
              new UrgeState(rs.getInt("last_seq"), last == null ? null : last.toInstant()));
        },
        campaignCode,
        phase.name());
    return states;
  }

  /** One line of the urge log to write: urged (with its sequence number) or skipped. */
  public record NewUrge(
      String unitCode, Integer seq, String reason, String detail, String message) {}

  /** Writes the lines as JDBC batches (urging every missing unit of a campaign at once). */
  public void recordAll(
      String campaignCode, Phase phase, List<NewUrge> lines, String urgedBy, Instant at) {
    jdbc.batchUpdate(
        "INSERT INTO stwd_urge (campaign_code, unit_code, phase, seq, outcome, reason, detail,"
            + " message, urged_by, urged_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        lines.stream()
            .map(
                l ->
                    new Object[] {
                      campaignCode,
                      l.unitCode(),
                      phase.name(),
                      l.seq(),
                      l.seq() == null ? "SKIPPED" : "URGED",
                      l.reason(),
                      l.detail(),
                      l.message(),
                      urgedBy,
                      Timestamp.from(at)
                    })
            .toList(),
        new int[] {
          java.sql.Types.VARCHAR,
          java.sql.Types.VARCHAR,
          java.sql.Types.VARCHAR,
          java.sql.Types.INTEGER,
          java.sql.Types.VARCHAR,
          java.sql.Types.VARCHAR,
          java.sql.Types.VARCHAR,
          java.sql.Types.VARCHAR,
          java.sql.Types.VARCHAR,
          java.sql.Types.TIMESTAMP
        });
  }

  /** Urges of the unit not yet delivered, oldest first. */
  public List<Urge> undelivered(String campaignCode, String unitCode, Phase phase) {
    return jdbc.query(
        "SELECT * FROM stwd_urge WHERE campaign_code = ? AND unit_code = ? AND phase = ? AND outcome = 'URGED' AND delivered_at IS NULL ORDER BY seq",
        (rs, i) -> row(rs),
        campaignCode,
        unitCode,
        phase.name());
  }

  /**
   * The unit's urges still waiting for their message, marked as not carried out: the unit has just
   * submitted, and its task with the urge's message event is gone (ADR 0014).
   */
  public int lapsePending(String campaignCode, String unitCode, Phase phase, String detail) {
    return jdbc.update(
        "UPDATE stwd_urge SET outcome = 'LAPSED', detail = ? WHERE campaign_code = ? AND unit_code = ? AND phase = ? AND outcome = 'URGED' AND delivered_at IS NULL",
        detail,
        campaignCode,
        unitCode,
        phase.name());
  }

  /** An urge whose mail will not go out (a newer one went instead): shown as not carried out. */
  public void markLapsed(long id, String detail) {
    jdbc.update(
        "UPDATE stwd_urge SET outcome = 'LAPSED', detail = ? WHERE id = ? AND delivered_at IS NULL",
        detail,
        id);
  }

  public void markDelivered(long id, Instant at) {
    jdbc.update(
        "UPDATE stwd_urge SET delivered_at = ? WHERE id = ? AND outcome = 'URGED'",
        Timestamp.from(at),
        id);
  }

  /** The urge log of a campaign, newest first. */
  public List<Urge> ofCampaign(String campaignCode, int limit) {
    return jdbc.query(
        "SELECT * FROM stwd_urge WHERE campaign_code = ? ORDER BY urged_at DESC, id DESC LIMIT ?",
        (rs, i) -> row(rs),
        campaignCode,
        limit);
  }

  /** A unit's urge log in a campaign, oldest first (its timeline). */
  public List<Urge> ofUnit(String campaignCode, String unitCode) {
    return jdbc.query(
        "SELECT * FROM stwd_urge WHERE campaign_code = ? AND unit_code = ? ORDER BY urged_at, id",
        (rs, i) -> row(rs),
        campaignCode,
        unitCode);
  }

  private static Urge row(java.sql.ResultSet rs) throws java.sql.SQLException {
    Timestamp delivered = rs.getTimestamp("delivered_at");
    int seq = rs.getInt("seq");
    return new Urge(
        rs.getLong("id"),
        rs.getString("campaign_code"),
        rs.getString("unit_code"),
        Phase.valueOf(rs.getString("phase")),
        rs.wasNull() ? null : seq,
        rs.getString("outcome"),
        rs.getString("reason"),
        rs.getString("detail"),
        rs.getString("message"),
        rs.getString("urged_by"),
        rs.getTimestamp("urged_at").toInstant(),
        delivered == null ? null : delivered.toInstant());
  }
}
