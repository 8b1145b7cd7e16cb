package org.example.stwd.core;

import java.sql.Date;
import java.util.Collection;
import java.util.List;
import org.example.stwd.core.PlannedActivity.ActivityMode;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/** Planned activities (stwd_activity) and activities held (stwd_summary_activity). */
@Repository
public class ActivityRepository {

  private static final String SELECT_PLANNED =
      "SELECT a.*, cu.unit_name FROM stwd_activity a JOIN stwd_campaign_unit cu"
          + " ON cu.campaign_code = a.campaign_code AND cu.unit_code = a.unit_code ";

  private static final RowMapper<PlannedActivity> PLANNED =
      (rs, i) ->
          new PlannedActivity(
              rs.getLong("id"),
              rs.getString("unit_code"),
              rs.getString("unit_name"),
              rs.getInt("seq"),
              rs.getString("name"),
              rs.getString("category"),
              rs.getDate("start_date").toLocalDate(),
              rs.getDate("end_date").toLocalDate(),
              rs.getString("place"),
              ActivityMode.valueOf(rs.getString("mode")),
              rs.getString("audience"),
              rs.getInt("expected_participants"),
              rs.getString("description"),
              rs.getString("publicity_channels"),
              rs.getBoolean("key_publicity_requested"),
              rs.getBoolean("featured"));

  private static final RowMapper<HeldActivity> HELD =
      (rs, i) ->
          new HeldActivity(
              rs.getInt("seq"),
              rs.getString("name"),
              rs.getDate("start_date").toLocalDate(),
              rs.getDate("end_date").toLocalDate(),
              rs.getInt("participants"),
              rs.getString("media_links"));

  private final JdbcTemplate jdbc;

  public ActivityRepository(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Replaces the unit's planned activities (a resubmitted plan replaces the earlier one). */
  public void replacePlanned(
      String campaignCode, String unitCode, List<PlannedActivity> activities) {
    jdbc.update(
        "DELETE FROM stwd_activity WHERE campaign_code = ? AND unit_code = ?",
        campaignCode,
        unitCode);
    jdbc.batchUpdate(
        "INSERT INTO stwd_activity (campaign_code, unit_code, seq, name, category, start_date, end_date, place, mode,"
            + " audience, expected_participants, description, publicity_channels, key_publicity_requested)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        activities.stream()
            .map(
                a ->
                    new Object[] {
                      campaignCode,
                      unitCode,
                      a.seq(),
                      a.name(),
                      a.category(),
                      Date.valueOf(a.startDate()),
                      Date.valueOf(a.endDate()),
                      a.place(),
                      a.mode().name(),
                      a.audience(),
                      a.expectedParticipants(),
                      a.description(),
                      a.publicityChannels(),
                      a.keyPublicityRequested()
                    })
            .toList());
  }

  public List<PlannedActivity> planned(String campaignCode, String unitCode) {
    return jdbc.query(
        SELECT_PLANNED + "WHERE a.campaign_code = ? AND a.unit_code = ? ORDER BY a.seq",
        PLANNED,
        campaignCode,
        unitCode);
  }

  /**
   * Every planned activity of the units whose plan has one of the statuses, with the unit's name,
   * category, plan status and contact (columns {@code unit_name, unit_category, plan_status,
   * contact_person, contact_phone, contact_email}), by category, unit and activity: the rows of the
   * statistics table 附件二.
   */
  public void eachPlannedWithUnit(
      String campaignCode, List<UnitStatus> statuses, RowCallbackHandler row) {
    jdbc.query(
        "SELECT cu.unit_name, cu.unit_category, cu.plan_status, cu.contact_person, cu.contact_phone, cu.contact_email, a.*"
            + " FROM stwd_activity a JOIN stwd_campaign_unit cu ON cu.campaign_code = a.campaign_code AND cu.unit_code = a.unit_code"
            + " WHERE a.campaign_code = ? AND cu.plan_status IN ("
            + in(statuses)
            + ") ORDER BY cu.unit_category, cu.unit_code, a.seq",
        row,
        campaignCode);
  }

  /**
   * Every activity held by the units whose summary has one of the statuses, with the unit's summary
   * and contact, as above.
   */
  public void eachHeldWithUnit(
      String campaignCode, List<UnitStatus> statuses, RowCallbackHandler row) {
    jdbc.query(
        "SELECT cu.unit_name, cu.unit_category, cu.summary_status, cu.summary_text, cu.summary_experience, cu.contact_person,"
            + " cu.contact_phone, cu.contact_email, s.*"
            + " FROM stwd_summary_activity s JOIN stwd_campaign_unit cu ON cu.campaign_code = s.campaign_code AND cu.unit_code = s.unit_code"
            + " WHERE s.campaign_code = ? AND cu.summary_status IN ("
            + in(statuses)
            + ") ORDER BY cu.unit_category, cu.unit_code, s.seq",
        row,
        campaignCode);
  }

  private static String in(List<UnitStatus> statuses) {
    return String.join(",", statuses.stream().map(s -> "'" + s.name() + "'").toList());
  }

  /** Activities of units whose plan was approved, key-publicity requests first. */
  public List<PlannedActivity> approved(String campaignCode) {
    return jdbc.query(
        SELECT_PLANNED
            + "WHERE a.campaign_code = ? AND cu.plan_status = 'APPROVED'"
            + " ORDER BY a.key_publicity_requested DESC, cu.unit_category, a.unit_code, a.seq",
        PLANNED,
        campaignCode);
  }

  public List<PlannedActivity> byIds(String campaignCode, Collection<Long> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return approved(campaignCode).stream().filter(a -> ids.contains(a.id())).toList();
  }

  public void setFlag(String campaignCode, Collection<Long> ids, String flag) {
    if (!List.of("featured", "nominated", "commended").contains(flag)) {
      throw new IllegalArgumentException(flag);
    }
    jdbc.update(
        "UPDATE stwd_activity SET " + flag + " = FALSE WHERE campaign_code = ?", campaignCode);
    jdbc.batchUpdate(
        "UPDATE stwd_activity SET " + flag + " = TRUE WHERE campaign_code = ? AND id = ?",
        ids.stream().map(id -> new Object[] {campaignCode, id}).toList());
  }

  public void replaceHeld(String campaignCode, String unitCode, List<HeldActivity> activities) {
    jdbc.update(
        "DELETE FROM stwd_summary_activity WHERE campaign_code = ? AND unit_code = ?",
        campaignCode,
        unitCode);
    jdbc.batchUpdate(
        "INSERT INTO stwd_summary_activity (campaign_code, unit_code, seq, name, start_date, end_date, participants, media_links)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        activities.stream()
            .map(
                a ->
                    new Object[] {
                      campaignCode,
                      unitCode,
                      a.seq(),
                      a.name(),
                      Date.valueOf(a.startDate()),
                      Date.valueOf(a.endDate()),
                      a.participants(),
                      a.mediaLinks()
                    })
            .toList());
  }

  public List<HeldActivity> held(String campaignCode, String unitCode) {
    return jdbc.query(
        "SELECT * FROM stwd_summary_activity WHERE campaign_code = ? AND unit_code = ? ORDER BY seq",
        HELD,
        campaignCode,
        unitCode);
  }

  /** Totals over the summaries HQ approved: [activities held, participants]. */
  public long[] approvedSummaryTotals(String campaignCode) {
    return jdbc.queryForObject(
        "SELECT COUNT(*) AS n, COALESCE(SUM(s.participants), 0) AS p FROM stwd_summary_activity s JOIN stwd_campaign_unit cu"
            + " ON cu.campaign_code = s.campaign_code AND cu.unit_code = s.unit_code"
            + " WHERE s.campaign_code = ? AND cu.summary_status = 'APPROVED'",
        (rs, i) -> new long[] {rs.getLong("n"), rs.getLong("p")},
        campaignCode);
  }
}
