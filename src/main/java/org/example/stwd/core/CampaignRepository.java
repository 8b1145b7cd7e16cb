package org.example.stwd.core;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** stwd_campaign: one row per campaign, with the counters of unit processes still open. */
@Repository
public class CampaignRepository {

  private final JdbcTemplate jdbc;

  public CampaignRepository(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  public boolean exists(String code) {
    Integer n =
        jdbc.queryForObject(
            "SELECT COUNT(*) FROM stwd_campaign WHERE code = ?", Integer.class, code);
    return n != null && n > 0;
  }

  public void insert(
      String code,
      String processInstanceId,
      String title,
      int year,
      String theme,
      LocalDate upwardDeadline,
      Instant now) {
    jdbc.update(
        "INSERT INTO stwd_campaign (code, process_instance_id, title, campaign_year, theme, upward_deadline, created_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?)",
        code,
        processInstanceId,
        title,
        year,
        theme,
        upwardDeadline,
        Timestamp.from(now));
  }

  public void setDeadlines(String code, LocalDate planDeadline, LocalDate summaryDeadline) {
    jdbc.update(
        "UPDATE stwd_campaign SET plan_deadline = ?, summary_deadline = ? WHERE code = ?",
        planDeadline,
        summaryDeadline,
        code);
  }

  public void setAddressed(String code, int units) {
    jdbc.update(
        "UPDATE stwd_campaign SET units_addressed = ?, plan_open = ? WHERE code = ?",
        units,
        units,
        code);
  }

  /** Units added to the running plan collection: addressed and open grow by {@code units}. */
  public void addAddressed(String code, int units) {
    jdbc.update(
        "UPDATE stwd_campaign SET units_addressed = units_addressed + ?, plan_open = plan_open + ?"
            + " WHERE code = ?",
        units,
        units,
        code);
  }

  public void setSummaryUnits(String code, int units) {
    jdbc.update(
        "UPDATE stwd_campaign SET summary_units = ?, summary_open = ? WHERE code = ?",
        units,
        units,
        code);
  }

  /**
   * Counts one settled unit process and returns how many are still open. The row lock this takes is
   * held until commit: callers do it as the last step of their transaction.
   */
  public int decrementOpen(String code, String prefix) {
    String column = prefix + "_open";
    jdbc.update(
        "UPDATE stwd_campaign SET " + column + " = " + column + " - 1 WHERE code = ?", code);
    Integer open =
        jdbc.queryForObject(
            "SELECT " + column + " FROM stwd_campaign WHERE code = ?", Integer.class, code);
    return open == null ? 0 : open;
  }

  public void setReportSent(String code, LocalDate sentOn) {
    jdbc.update("UPDATE stwd_campaign SET report_sent_on = ? WHERE code = ?", sentOn, code);
  }

  public void setCommendation(String code, String docNumber) {
    jdbc.update(
        "UPDATE stwd_campaign SET commendation_doc_number = ? WHERE code = ?", docNumber, code);
  }

  /** What the board shows about a campaign. */
  public record CampaignInfo(
      String code,
      String title,
      int year,
      String theme,
      LocalDate planDeadline,
      LocalDate summaryDeadline,
      LocalDate upwardDeadline,
      int unitsAddressed,
      int summaryUnits,
      String processInstanceId) {}

  private static final org.springframework.jdbc.core.RowMapper<CampaignInfo> INFO =
      (rs, i) ->
          new CampaignInfo(
              rs.getString("code"),
              rs.getString("title"),
              rs.getInt("campaign_year"),
              rs.getString("theme"),
              rs.getObject("plan_deadline", LocalDate.class),
              rs.getObject("summary_deadline", LocalDate.class),
              rs.getObject("upward_deadline", LocalDate.class),
              rs.getInt("units_addressed"),
              rs.getInt("summary_units"),
              rs.getString("process_instance_id"));

  public Optional<CampaignInfo> find(String code) {
    return jdbc.query("SELECT * FROM stwd_campaign WHERE code = ?", INFO, code).stream()
        .findFirst();
  }

  /** Every campaign, newest first. */
  public java.util.List<CampaignInfo> findAll() {
    return jdbc.query("SELECT * FROM stwd_campaign ORDER BY created_at DESC", INFO);
  }
}
