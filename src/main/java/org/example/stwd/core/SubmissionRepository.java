package org.example.stwd.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.spin.json.SpinJsonNode;
import org.example.stwd.engine.EngineAccess;
import org.example.stwd.support.JsonValues;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Every plan or summary a unit submitted ({@code stwd_submission}), with its receipt number and
 * HQ's decision. A row is written by the submit task's completion listener, in the transaction that
 * completes the task, whichever door the completion came through; the review writes its decision on
 * the unit's latest submission of the phase.
 */
@Repository
public class SubmissionRepository {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** One submission as the unit page shows it. */
  public record Submission(
      String reference,
      String campaignCode,
      String unitCode,
      Phase phase,
      int seq,
      String taskId,
      String submittedBy,
      Instant submittedAt,
      UnitStatus status,
      String digest,
      String reviewComment,
      Instant reviewedAt,
      String reviewedBy) {}

  private final JdbcTemplate jdbc;

  public SubmissionRepository(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Records the submission that completes {@code task}: the values of the form's {@code fields} as
   * submitted, who submitted (the authenticated user of the command) and a one-line digest.
   */
  public String record(
      DelegateTask task,
      Phase phase,
      UnitStatus status,
      String digest,
      List<String> fields,
      Instant at) {
    String campaignCode = (String) task.getVariable("campaignCode");
    String unitCode = (String) task.getVariable("unitCode");
    Map<String, Object> data = new LinkedHashMap<>();
    for (String field : fields) {
      Object value = task.getVariable(field);
      data.put(field, value instanceof SpinJsonNode ? JsonValues.toList(value) : value);
    }
    Integer last =
        jdbc.queryForObject(
            "SELECT MAX(seq) FROM stwd_submission WHERE campaign_code = ? AND unit_code = ? AND phase = ?",
            Integer.class,
            campaignCode,
            unitCode,
            phase.name());
    int seq = last == null ? 1 : last + 1;
    String reference = reference(campaignCode, unitCode, phase, seq);
    jdbc.update(
        "INSERT INTO stwd_submission (reference, campaign_code, unit_code, phase, seq, task_id,"
            + " submitted_by, submitted_at, status, digest, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        reference,
        campaignCode,
        unitCode,
        phase.name(),
        seq,
        task.getId(),
        EngineAccess.currentUserId(),
        Timestamp.from(at),
        status.name(),
        digest == null || digest.length() <= 500 ? digest : digest.substring(0, 499) + "…",
        write(data));
    return reference;
  }

  /** The receipt number: campaign, unit, phase (P plan, S summary) and the unit's n-th try. */
  static String reference(String campaignCode, String unitCode, Phase phase, int seq) {
    return campaignCode + "-" + unitCode + "-" + (phase == Phase.PLAN ? "P" : "S") + seq;
  }

  /** HQ's decision on the unit's latest submission of the phase. */
  public void markReviewed(
      String campaignCode,
      String unitCode,
      Phase phase,
      UnitStatus status,
      String comment,
      String reviewer,
      Instant at) {
    jdbc.update(
        "UPDATE stwd_submission SET status = ?, review_comment = ?, reviewed_by = ?, reviewed_at = ?"
            + " WHERE campaign_code = ? AND unit_code = ? AND phase = ? AND seq ="
            + " (SELECT MAX(seq) FROM stwd_submission WHERE campaign_code = ? AND unit_code = ? AND phase = ?)",
        status.name(),
        comment,
        reviewer,
        Timestamp.from(at),
        campaignCode,
        unitCode,
        phase.name(),
        campaignCode,
        unitCode,
        phase.name());
  }

  /** The unit's submissions, newest first. */
  public List<Submission> ofUnit(String unitCode) {
    return jdbc.query(
        "SELECT "
            + COLUMNS
            + " FROM stwd_submission WHERE unit_code = ? ORDER BY submitted_at DESC, seq DESC",
        SubmissionRepository::row,
        unitCode);
  }

  /** The unit's n-th submission in a campaign phase. */
  public Optional<Submission> find(String campaignCode, String unitCode, Phase phase, int seq) {
    return jdbc
        .query(
            "SELECT "
                + COLUMNS
                + " FROM stwd_submission WHERE campaign_code = ? AND unit_code = ? AND phase = ? AND seq = ?",
            SubmissionRepository::row,
            campaignCode,
            unitCode,
            phase.name(),
            seq)
        .stream()
        .findFirst();
  }

  /** The submission that completed a task. */
  public Optional<Submission> ofTask(String taskId) {
    return jdbc
        .query(
            "SELECT " + COLUMNS + " FROM stwd_submission WHERE task_id = ?",
            SubmissionRepository::row,
            taskId)
        .stream()
        .findFirst();
  }

  /** A unit's submission by its receipt number, with what was submitted. */
  public Optional<Map.Entry<Submission, Map<String, Object>>> find(
      String unitCode, String reference) {
    return jdbc
        .query(
            "SELECT "
                + COLUMNS
                + ", data FROM stwd_submission WHERE unit_code = ? AND reference = ?",
            (rs, i) -> Map.entry(row(rs, i), read(rs.getString("data"))),
            unitCode,
            reference)
        .stream()
        .findFirst();
  }

  /** A unit's submissions in a campaign (both phases), oldest first: its timeline's submissions. */
  public List<Submission> ofCampaignUnit(String campaignCode, String unitCode) {
    return jdbc.query(
        "SELECT "
            + COLUMNS
            + " FROM stwd_submission WHERE campaign_code = ? AND unit_code = ?"
            + " ORDER BY submitted_at, phase, seq",
        SubmissionRepository::row,
        campaignCode,
        unitCode);
  }

  /**
   * The latest submission of each of the units in a campaign phase (the one HQ's open review is
   * about), by unit code.
   */
  public Map<String, Submission> latest(
      String campaignCode, Phase phase, java.util.Collection<String> unitCodes) {
    Map<String, Submission> latest = new java.util.HashMap<>();
    if (unitCodes.isEmpty()) {
      return latest;
    }
    List<Object> args = new java.util.ArrayList<>(List.of(campaignCode, phase.name()));
    args.addAll(unitCodes);
    jdbc.query(
        "SELECT "
            + COLUMNS
            + " FROM stwd_submission WHERE campaign_code = ? AND phase = ? AND unit_code IN ("
            + String.join(", ", java.util.Collections.nCopies(unitCodes.size(), "?"))
            + ")",
        rs -> {
          Submission s = row(rs, 0);
          latest.merge(s.unitCode(), s, (a, b) -> a.seq() >= b.seq() ? a : b);
        },
        args.toArray());
    return latest;
  }

  /** A unit's n-th submission in a campaign phase, with what was submitted. */
  public Optional<Map.Entry<Submission, Map<String, Object>>> withData(
      String campaignCode, String unitCode, Phase phase, int seq) {
    return jdbc
        .query(
            "SELECT "
                + COLUMNS
                + ", data FROM stwd_submission"
                + " WHERE campaign_code = ? AND unit_code = ? AND phase = ? AND seq = ?",
            (rs, i) -> Map.entry(row(rs, i), read(rs.getString("data"))),
            campaignCode,
            unitCode,
            phase.name(),
            seq)
        .stream()
        .findFirst();
  }

  private static final String COLUMNS =
      "reference, campaign_code, unit_code, phase, seq, task_id, submitted_by, submitted_at, status,"
          + " digest, review_comment, reviewed_at, reviewed_by";

  private static Submission row(ResultSet rs, int i) throws SQLException {
    Timestamp reviewed = rs.getTimestamp("reviewed_at");
    return new Submission(
        rs.getString("reference"),
        rs.getString("campaign_code"),
        rs.getString("unit_code"),
        Phase.valueOf(rs.getString("phase")),
        rs.getInt("seq"),
        rs.getString("task_id"),
        rs.getString("submitted_by"),
        rs.getTimestamp("submitted_at").toInstant(),
        UnitStatus.valueOf(rs.getString("status")),
        rs.getString("digest"),
        rs.getString("review_comment"),
        reviewed == null ? null : reviewed.toInstant(),
        rs.getString("reviewed_by"));
  }

  private static String write(Map<String, Object> data) {
    try {
      return MAPPER.writeValueAsString(data);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the submission's data", e);
    }
  }

  private static Map<String, Object> read(String json) {
    try {
      return MAPPER.readValue(json, new TypeReference<>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot read the submission's data", e);
    }
  }
}
