package org.example.stwd.core;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/**
 * The per-unit status table (stwd_campaign_unit), written by the unit processes as they move. The
 * board, the statistics and the upward report read it; no process variable collects it.
 */
@Repository
public class CampaignUnitRepository {

  private static final RowMapper<CampaignUnit> ROW =
      (rs, i) ->
          new CampaignUnit(
              rs.getString("campaign_code"),
              rs.getString("unit_code"),
              rs.getString("unit_name"),
              UnitCategory.valueOf(rs.getString("unit_category")),
              rs.getInt("batch_no"),
              UnitStatus.valueOf(rs.getString("plan_status")),
              UnitStatus.valueOf(rs.getString("summary_status")),
              rs.getInt("plan_reminders"),
              rs.getInt("summary_reminders"),
              rs.getBoolean("featured"),
              rs.getBoolean("nominated"),
              rs.getBoolean("commended"));

  private final JdbcTemplate jdbc;

  public CampaignUnitRepository(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Registers the addressed units, numbered into start batches of {@code batchSize}. */
  public void insertAll(String campaignCode, List<Unit> units, int batchSize) {
    List<Object[]> rows = new ArrayList<>(units.size());
    for (int i = 0; i < units.size(); i++) {
      Unit u = units.get(i);
      rows.add(
          new Object[] {
            campaignCode,
            u.code(),
            u.name(),
            u.category().name(),
            i / batchSize,
            UnitStatus.PENDING.name()
          });
    }
    jdbc.batchUpdate(
        "INSERT INTO stwd_campaign_unit (campaign_code, unit_code, unit_name, unit_category, batch_no, plan_status)"
            + " VALUES (?, ?, ?, ?, ?, ?)",
        rows);
  }

  /**
   * Registers units added to a running campaign as one start batch of their own (the next number
   * after the campaign's batches); returns its number.
   */
  public int insertBatch(String campaignCode, List<Unit> units) {
    Integer last =
        jdbc.queryForObject(
            "SELECT MAX(batch_no) FROM stwd_campaign_unit WHERE campaign_code = ?",
            Integer.class,
            campaignCode);
    int batchNo = last == null ? 0 : last + 1;
    for (Unit u : units) {
      jdbc.update(
          "INSERT INTO stwd_campaign_unit (campaign_code, unit_code, unit_name, unit_category, batch_no, plan_status)"
              + " VALUES (?, ?, ?, ?, ?, ?)",
          campaignCode,
          u.code(),
          u.name(),
          u.category().name(),
          batchNo,
          UnitStatus.PENDING.name());
    }
    return batchNo;
  }

  /** The campaign's units that the directory no longer has as active. */
  public List<String> deactivated(String campaignCode) {
    return jdbc.queryForList(
        "SELECT cu.unit_code FROM stwd_campaign_unit cu JOIN stwd_unit u ON u.code = cu.unit_code"
            + " WHERE cu.campaign_code = ? AND NOT u.active ORDER BY cu.unit_code",
        String.class,
        campaignCode);
  }

  /**
   * Locks the unit's row of the campaign until the caller's transaction ends (attachments: a unit's
   * uploads check their quota one after the other, only between the last byte and the commit).
   */
  public void lock(String campaignCode, String unitCode) {
    jdbc.query(
        "SELECT unit_code FROM stwd_campaign_unit WHERE campaign_code = ? AND unit_code = ? FOR UPDATE",
        (org.springframework.jdbc.core.RowCallbackHandler) rs -> {},
        campaignCode,
        unitCode);
  }

  /**
   * Locks the units' rows ({@code SELECT … FOR UPDATE}) in one statement, in the database's order
   * of their codes: two requests locking overlapping sets lock in the same order and never wait for
   * each other in a circle.
   */
  public void lockAll(String campaignCode, List<String> unitCodes) {
    if (unitCodes.isEmpty()) {
      return;
    }
    jdbc.query(
        connection -> {
          java.sql.PreparedStatement ps =
              connection.prepareStatement(
                  "SELECT unit_code FROM stwd_campaign_unit WHERE campaign_code = ?"
                      + " AND unit_code = ANY(?) ORDER BY unit_code FOR UPDATE");
          ps.setString(1, campaignCode);
          ps.setArray(
              2, connection.createArrayOf("VARCHAR", unitCodes.stream().distinct().toArray()));
          return ps;
        },
        (org.springframework.jdbc.core.RowCallbackHandler) rs -> {});
  }

  public Optional<CampaignUnit> find(String campaignCode, String unitCode) {
    return jdbc
        .query(
            "SELECT * FROM stwd_campaign_unit WHERE campaign_code = ? AND unit_code = ?",
            ROW,
            campaignCode,
            unitCode)
        .stream()
        .findFirst();
  }

  /** The campaign's units whose process instance of the phase is one of {@code instanceIds}. */
  public java.util.Map<String, CampaignUnit> byInstance(
      String campaignCode, Phase phase, Collection<String> instanceIds) {
    java.util.Map<String, CampaignUnit> result = new java.util.HashMap<>();
    if (instanceIds.isEmpty()) {
      return result;
    }
    String column = phase.prefix() + "_instance_id";
    List<Object> args = new java.util.ArrayList<>();
    args.add(campaignCode);
    args.addAll(instanceIds);
    jdbc.query(
        "SELECT * FROM stwd_campaign_unit WHERE campaign_code = ? AND "
            + column
            + " IN ("
            + String.join(", ", java.util.Collections.nCopies(instanceIds.size(), "?"))
            + ")",
        rs -> {
          result.put(rs.getString(column), ROW.mapRow(rs, 0));
        },
        args.toArray());
    return result;
  }

  /** The unit's process instance of the phase (null: not started, or not addressed). */
  public String instanceId(String campaignCode, String unitCode, Phase phase) {
    return jdbc
        .query(
            "SELECT "
                + phase.prefix()
                + "_instance_id FROM stwd_campaign_unit WHERE campaign_code = ? AND unit_code = ?",
            (rs, i) -> rs.getString(1),
            campaignCode,
            unitCode)
        .stream()
        .filter(java.util.Objects::nonNull)
        .findFirst()
        .orElse(null);
  }

  /** The campaigns a unit was addressed in, newest first. */
  public List<CampaignUnit> ofUnit(String unitCode) {
    return jdbc.query(
        "SELECT cu.* FROM stwd_campaign_unit cu JOIN stwd_campaign c ON c.code = cu.campaign_code"
            + " WHERE cu.unit_code = ? ORDER BY c.created_at DESC",
        ROW,
        unitCode);
  }

  /** A campaign and phase: what a unit's process instance collects. */
  public record CampaignPhase(String campaignCode, Phase phase) {}

  /** The unit's process instances (plan and summary) by id, for telling its tasks apart. */
  public java.util.Map<String, CampaignPhase> processesOfUnit(String unitCode) {
    java.util.Map<String, CampaignPhase> result = new java.util.HashMap<>();
    jdbc.query(
        "SELECT campaign_code, plan_instance_id, summary_instance_id FROM stwd_campaign_unit WHERE unit_code = ?",
        rs -> {
          if (rs.getString(2) != null) {
            result.put(rs.getString(2), new CampaignPhase(rs.getString(1), Phase.PLAN));
          }
          if (rs.getString(3) != null) {
            result.put(rs.getString(3), new CampaignPhase(rs.getString(1), Phase.SUMMARY));
          }
        },
        unitCode);
    return result;
  }

  public List<CampaignUnit> findAll(String campaignCode) {
    return jdbc.query(
        "SELECT * FROM stwd_campaign_unit WHERE campaign_code = ? ORDER BY unit_category, unit_code",
        ROW,
        campaignCode);
  }

  public List<CampaignUnit> findByStatus(String campaignCode, Phase phase, UnitStatus status) {
    return jdbc.query(
        "SELECT * FROM stwd_campaign_unit WHERE campaign_code = ? AND "
            + phase.prefix()
            + "_status = ? ORDER BY unit_category, unit_code",
        ROW,
        campaignCode,
        status.name());
  }

  /** Units of a start batch whose process for this phase has not been started yet. */
  public List<CampaignUnit> unstarted(String campaignCode, Phase phase, int batchNo) {
    return jdbc.query(
        "SELECT * FROM stwd_campaign_unit WHERE campaign_code = ? AND "
            + batchColumn(phase)
            + " = ? AND "
            + phase.prefix()
            + "_instance_id IS NULL ORDER BY unit_code",
        ROW,
        campaignCode,
        batchNo);
  }

  /**
   * The units of one start batch whose process runs, by unit code: unit code to process instance
   * id.
   */
  public Map<String, String> startedInBatch(String campaignCode, Phase phase, int batchNo) {
    Map<String, String> result = new LinkedHashMap<>();
    jdbc.query(
        "SELECT unit_code, "
            + phase.prefix()
            + "_instance_id FROM stwd_campaign_unit WHERE campaign_code = ? AND "
            + batchColumn(phase)
            + " = ? AND "
            + phase.prefix()
            + "_instance_id IS NOT NULL ORDER BY unit_code",
        rs -> {
          result.put(rs.getString(1), rs.getString(2));
        },
        campaignCode,
        batchNo);
    return result;
  }

  private static String batchColumn(Phase phase) {
    return phase == Phase.PLAN ? "batch_no" : "summary_batch_no";
  }

  public void setInstance(
      String campaignCode, String unitCode, Phase phase, String processInstanceId) {
    jdbc.update(
        "UPDATE stwd_campaign_unit SET "
            + phase.prefix()
            + "_instance_id = ? WHERE campaign_code = ? AND unit_code = ?",
        processInstanceId,
        campaignCode,
        unitCode);
  }

  public UnitStatus status(String campaignCode, String unitCode, Phase phase) {
    String status =
        jdbc.queryForObject(
            "SELECT "
                + phase.prefix()
                + "_status FROM stwd_campaign_unit WHERE campaign_code = ? AND unit_code = ?",
            String.class,
            campaignCode,
            unitCode);
    return UnitStatus.valueOf(status);
  }

  public void markSubmitted(
      String campaignCode, String unitCode, Phase phase, UnitStatus status, Instant at) {
    jdbc.update(
        "UPDATE stwd_campaign_unit SET "
            + phase.prefix()
            + "_status = ?, "
            + phase.prefix()
            + "_submitted_at = ?"
            + " WHERE campaign_code = ? AND unit_code = ?",
        status.name(),
        Timestamp.from(at),
        campaignCode,
        unitCode);
  }

  /** Records HQ's review; a return is counted (it numbers the unit's "returned" mails). */
  public void markReviewed(
      String campaignCode, String unitCode, Phase phase, UnitStatus status, String comment) {
    String p = phase.prefix();
    jdbc.update(
        "UPDATE stwd_campaign_unit SET "
            + p
            + "_status = ?, "
            + p
            + "_review_comment = ?"
            + (status == UnitStatus.RETURNED ? ", " + p + "_returns = " + p + "_returns + 1" : "")
            + " WHERE campaign_code = ? AND unit_code = ?",
        status.name(),
        comment,
        campaignCode,
        unitCode);
  }

  /** How often the unit's submission was returned in this phase. */
  public int returns(String campaignCode, String unitCode, Phase phase) {
    Integer n =
        jdbc.queryForObject(
            "SELECT "
                + phase.prefix()
                + "_returns FROM stwd_campaign_unit WHERE campaign_code = ? AND unit_code = ?",
            Integer.class,
            campaignCode,
            unitCode);
    return n == null ? 0 : n;
  }

  public void setStatus(String campaignCode, String unitCode, Phase phase, UnitStatus status) {
    jdbc.update(
        "UPDATE stwd_campaign_unit SET "
            + phase.prefix()
            + "_status = ? WHERE campaign_code = ? AND unit_code = ?",
        status.name(),
        campaignCode,
        unitCode);
  }

  /**
   * Marks the unit's phase settled, once. A status that is not final yet (the process was
   * cancelled) becomes CANCELLED. Returns false when it had been settled already.
   */
  public boolean settle(String campaignCode, String unitCode, Phase phase, Instant at) {
    String p = phase.prefix();
    int updated =
        jdbc.update(
            "UPDATE stwd_campaign_unit SET "
                + p
                + "_settled_at = ?, "
                + p
                + "_status = CASE WHEN "
                + p
                + "_status IN ('APPROVED', 'DECLINED', 'MISSED') THEN "
                + p
                + "_status ELSE 'CANCELLED' END"
                + " WHERE campaign_code = ? AND unit_code = ? AND "
                + p
                + "_settled_at IS NULL",
            Timestamp.from(at),
            campaignCode,
            unitCode);
    return updated == 1;
  }

  /** Counts a reminder or (overdue = true) an overdue notice sent to the unit. */
  public void recordReminder(
      String campaignCode, String unitCode, Phase phase, boolean overdue, Instant at) {
    String p = phase.prefix();
    jdbc.update(
        "UPDATE stwd_campaign_unit SET "
            + p
            + "_reminders = "
            + p
            + "_reminders + 1, "
            + p
            + "_last_reminder_at = ?"
            + (overdue ? ", " + p + "_overdue_notices = " + p + "_overdue_notices + 1" : "")
            + " WHERE campaign_code = ? AND unit_code = ?",
        Timestamp.from(at),
        campaignCode,
        unitCode);
  }

  /** How many overdue notices the unit has had in this phase. */
  public int overdueNotices(String campaignCode, String unitCode, Phase phase) {
    Integer n =
        jdbc.queryForObject(
            "SELECT "
                + phase.prefix()
                + "_overdue_notices FROM stwd_campaign_unit WHERE campaign_code = ? AND unit_code = ?",
            Integer.class,
            campaignCode,
            unitCode);
    return n == null ? 0 : n;
  }

  public void setPlanContact(
      String campaignCode,
      String unitCode,
      String person,
      String phone,
      String email,
      String declineReason) {
    jdbc.update(
        "UPDATE stwd_campaign_unit SET contact_person = ?, contact_phone = ?, contact_email = ?, decline_reason = ?"
            + " WHERE campaign_code = ? AND unit_code = ?",
        person,
        phone,
        email,
        declineReason,
        campaignCode,
        unitCode);
  }

  public void setSummary(
      String campaignCode,
      String unitCode,
      String text,
      String mediaLinks,
      String experience,
      int participants) {
    jdbc.update(
        "UPDATE stwd_campaign_unit SET summary_text = ?, summary_media_links = ?, summary_experience = ?, summary_participants = ?"
            + " WHERE campaign_code = ? AND unit_code = ?",
        text,
        mediaLinks,
        experience,
        participants,
        campaignCode,
        unitCode);
  }

  /** Numbers the units with an approved plan into summary start batches; returns how many. */
  public int prepareSummaries(String campaignCode, int batchSize) {
    List<String> codes =
        jdbc.queryForList(
            "SELECT unit_code FROM stwd_campaign_unit WHERE campaign_code = ? AND plan_status = 'APPROVED'"
                + " AND summary_batch_no IS NULL ORDER BY unit_code",
            String.class,
            campaignCode);
    List<Object[]> rows = new ArrayList<>(codes.size());
    for (int i = 0; i < codes.size(); i++) {
      rows.add(new Object[] {i / batchSize, campaignCode, codes.get(i)});
    }
    jdbc.batchUpdate(
        "UPDATE stwd_campaign_unit SET summary_batch_no = ?, summary_status = 'PENDING' WHERE campaign_code = ? AND unit_code = ?",
        rows);
    return codes.size();
  }

  public Map<UnitStatus, Integer> countByStatus(String campaignCode, Phase phase) {
    Map<UnitStatus, Integer> counts = new EnumMap<>(UnitStatus.class);
    for (UnitStatus s : UnitStatus.values()) {
      counts.put(s, 0);
    }
    jdbc.query(
        "SELECT "
            + phase.prefix()
            + "_status AS s, COUNT(*) AS n FROM stwd_campaign_unit WHERE campaign_code = ? GROUP BY "
            + phase.prefix()
            + "_status",
        rs -> {
          counts.put(UnitStatus.valueOf(rs.getString("s")), rs.getInt("n"));
        },
        campaignCode);
    return counts;
  }

  public void setFlag(String campaignCode, Collection<String> unitCodes, String flag) {
    if (!List.of("featured", "nominated", "commended").contains(flag)) {
      throw new IllegalArgumentException(flag);
    }
    jdbc.update(
        "UPDATE stwd_campaign_unit SET " + flag + " = FALSE WHERE campaign_code = ?", campaignCode);
    jdbc.batchUpdate(
        "UPDATE stwd_campaign_unit SET "
            + flag
            + " = TRUE WHERE campaign_code = ? AND unit_code = ?",
        unitCodes.stream().distinct().map(u -> new Object[] {campaignCode, u}).toList());
  }

  /** Every unit's progress in one phase, by category and unit code. */
  public List<UnitProgress> progress(String campaignCode, Phase phase) {
    String p = phase.prefix();
    return jdbc.query(
        "SELECT unit_code, unit_name, unit_category, "
            + p
            + "_status AS status, "
            + p
            + "_instance_id AS instance_id, "
            + p
            + "_reminders AS reminders, "
            + p
            + "_last_reminder_at AS last_reminder_at, "
            + p
            + "_submitted_at AS submitted_at, featured"
            + " FROM stwd_campaign_unit WHERE campaign_code = ? ORDER BY unit_category, unit_code",
        (rs, i) ->
            new UnitProgress(
                rs.getString("unit_code"),
                rs.getString("unit_name"),
                UnitCategory.valueOf(rs.getString("unit_category")),
                UnitStatus.valueOf(rs.getString("status")),
                rs.getString("instance_id"),
                rs.getInt("reminders"),
                instant(rs.getTimestamp("last_reminder_at")),
                instant(rs.getTimestamp("submitted_at")),
                rs.getBoolean("featured")),
        campaignCode);
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
