package org.example.stwd.notify;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
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

  /** Logs an urge that will be delivered; returns its sequence number for the unit and phase. */
  public int recordUrged(
      String campaignCode,
      String unitCode,
      Phase phase,
      String message,
      String urgedBy,
      Instant at) {
    Integer last =
        jdbc.queryForObject(
            "SELECT MAX(seq) FROM stwd_urge WHERE campaign_code = ? AND unit_code = ? AND phase = ?",
            Integer.class,
            campaignCode,
            unitCode,
            phase.name());
    int seq = last == null ? 1 : last + 1;
    jdbc.update(
        "INSERT INTO stwd_urge (campaign_code, unit_code, phase, seq, outcome, message, urged_by, urged_at) VALUES (?, ?, ?, ?, 'URGED', ?, ?, ?)",
        campaignCode,
        unitCode,
        phase.name(),
        seq,
        message,
        urgedBy,
        Timestamp.from(at));
    return seq;
  }

  public void recordSkipped(
      String campaignCode,
      String unitCode,
      Phase phase,
      String reason,
      String detail,
      String urgedBy,
      Instant at) {
    jdbc.update(
        "INSERT INTO stwd_urge (campaign_code, unit_code, phase, outcome, reason, detail, urged_by, urged_at) VALUES (?, ?, ?, 'SKIPPED', ?, ?, ?, ?)",
        campaignCode,
        unitCode,
        phase.name(),
        reason,
        detail,
        urgedBy,
        Timestamp.from(at));
  }

  /** When the unit was last urged by hand in the phase, or null. */
  public Instant lastUrgedAt(String campaignCode, String unitCode, Phase phase) {
    Timestamp last =
        jdbc.queryForObject(
            "SELECT MAX(urged_at) FROM stwd_urge WHERE campaign_code = ? AND unit_code = ? AND phase = ? AND outcome = 'URGED'",
            Timestamp.class,
            campaignCode,
            unitCode,
            phase.name());
    return last == null ? null : last.toInstant();
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

  public void markDelivered(long id, Instant at) {
    jdbc.update("UPDATE stwd_urge SET delivered_at = ? WHERE id = ?", Timestamp.from(at), id);
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
