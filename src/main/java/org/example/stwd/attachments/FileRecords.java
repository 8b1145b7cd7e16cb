package org.example.stwd.attachments;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.example.stwd.core.Phase;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Repository;

/** The records of stored files ({@code stwd_file}) and which submission carried which. */
@Repository
public class FileRecords {

  private static final String COLUMNS =
      "f.id, f.campaign_code, f.unit_code, f.phase, f.process_instance_id, f.task_id, f.name,"
          + " f.content_type, f.size_bytes, f.sha256, f.chunks, f.captured_at, f.outside_window,"
          + " f.thumbnail IS NOT NULL AS has_thumbnail, f.uploaded_by, f.uploaded_at, f.removed_at";

  private final JdbcTemplate jdbc;

  public FileRecords(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  void insert(StoredFile f, byte[] thumbnail) {
    jdbc.update(
        "INSERT INTO stwd_file (id, campaign_code, unit_code, phase, process_instance_id, task_id,"
            + " name, content_type, kind, size_bytes, sha256, chunks, captured_at, outside_window,"
            + " thumbnail, uploaded_by, uploaded_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        f.id(),
        f.campaignCode(),
        f.unitCode(),
        f.phase() == null ? null : f.phase().name(),
        f.processInstanceId(),
        f.taskId(),
        f.name(),
        f.type().contentType(),
        f.type().kind().name(),
        f.size(),
        f.sha256(),
        f.chunks(),
        f.capturedAt() == null ? null : java.sql.Date.valueOf(f.capturedAt()),
        f.outsideWindow(),
        thumbnail,
        f.uploadedBy(),
        Timestamp.from(f.uploadedAt()));
  }

  public Optional<StoredFile> find(String id) {
    return jdbc
        .query("SELECT " + COLUMNS + " FROM stwd_file f WHERE f.id = ?", FileRecords::row, id)
        .stream()
        .findFirst();
  }

  public Optional<byte[]> thumbnail(String id) {
    return jdbc
        .query(
            "SELECT thumbnail FROM stwd_file WHERE id = ? AND thumbnail IS NOT NULL",
            (rs, n) -> rs.getBytes(1),
            id)
        .stream()
        .findFirst();
  }

  /** A unit's files of a phase that its next submission will carry, oldest first. */
  public List<StoredFile> current(String campaignCode, String unitCode, Phase phase) {
    return jdbc.query(
        "SELECT "
            + COLUMNS
            + " FROM stwd_file f WHERE f.campaign_code = ? AND f.unit_code = ? AND f.phase = ?"
            + " AND f.removed_at IS NULL ORDER BY f.uploaded_at, f.id",
        FileRecords::row,
        campaignCode,
        unitCode,
        phase.name());
  }

  /** HQ's documents of a campaign. */
  public List<StoredFile> documents(String campaignCode) {
    return jdbc.query(
        "SELECT "
            + COLUMNS
            + " FROM stwd_file f WHERE f.campaign_code = ? AND f.unit_code IS NULL"
            + " AND f.removed_at IS NULL ORDER BY f.uploaded_at, f.id",
        FileRecords::row,
        campaignCode);
  }

  /** The files a submission carried, in the order the unit attached them. */
  public List<StoredFile> ofSubmission(String reference) {
    return jdbc.query(
        "SELECT "
            + COLUMNS
            + " FROM stwd_submission_file s JOIN stwd_file f ON f.id = s.file_id"
            + " WHERE s.reference = ? ORDER BY s.position",
        FileRecords::row,
        reference);
  }

  /** The files of each of several submissions (the unit page's list), one query. */
  public void eachOfSubmissions(Collection<String> references, Each each) {
    if (references.isEmpty()) {
      return;
    }
    String marks = String.join(",", java.util.Collections.nCopies(references.size(), "?"));
    jdbc.query(
        "SELECT s.reference, "
            + COLUMNS
            + " FROM stwd_submission_file s JOIN stwd_file f ON f.id = s.file_id"
            + " WHERE s.reference IN ("
            + marks
            + ") ORDER BY s.reference, s.position",
        (RowCallbackHandler) rs -> each.accept(rs.getString("reference"), row(rs, 0)),
        references.toArray());
  }

  /** Callback of {@link #eachOfSubmissions}. */
  public interface Each {
    void accept(String reference, StoredFile file);
  }

  /**
   * The files of each unit's latest submission of a phase whose status is one of {@code statuses},
   * by unit: what a phase's zip holds.
   */
  public void eachOfLatestSubmissions(
      String campaignCode, Phase phase, List<String> statuses, RowCallbackHandler each) {
    String marks = String.join(",", java.util.Collections.nCopies(statuses.size(), "?"));
    Object[] args = new Object[3 + statuses.size()];
    args[0] = campaignCode;
    args[1] = phase.name();
    for (int i = 0; i < statuses.size(); i++) {
      args[2 + i] = statuses.get(i);
    }
    args[2 + statuses.size()] = phase.name();
    jdbc.query(
        "SELECT u.code AS unit_code_, u.name AS unit_name, "
            + COLUMNS
            + " FROM stwd_submission sub"
            + " JOIN stwd_submission_file s ON s.reference = sub.reference"
            + " JOIN stwd_file f ON f.id = s.file_id"
            + " JOIN stwd_unit u ON u.code = sub.unit_code"
            + " WHERE sub.campaign_code = ? AND sub.phase = ? AND sub.status IN ("
            + marks
            + ") AND sub.seq = (SELECT MAX(l.seq) FROM stwd_submission l WHERE"
            + " l.campaign_code = sub.campaign_code AND l.unit_code = sub.unit_code AND l.phase = ?)"
            + " ORDER BY u.code, s.position",
        each,
        args);
  }

  Map<Phase, Map<String, Integer>> countsOfLatestSubmissions(String campaignCode) {
    Map<Phase, Map<String, Integer>> counts = new java.util.EnumMap<>(Phase.class);
    for (Phase p : Phase.values()) {
      counts.put(p, new java.util.HashMap<>());
    }
    jdbc.query(
        "SELECT sub.unit_code, sub.phase, COUNT(*) AS files FROM stwd_submission sub"
            + " JOIN stwd_submission_file s ON s.reference = sub.reference"
            + " WHERE sub.campaign_code = ? AND sub.seq = (SELECT MAX(l.seq) FROM stwd_submission l"
            + " WHERE l.campaign_code = sub.campaign_code AND l.unit_code = sub.unit_code"
            + " AND l.phase = sub.phase) GROUP BY sub.unit_code, sub.phase",
        (RowCallbackHandler)
            rs ->
                counts
                    .get(Phase.valueOf(rs.getString("phase")))
                    .put(rs.getString("unit_code"), rs.getInt("files")),
        campaignCode);
    return counts;
  }

  void bind(String reference, List<StoredFile> files) {
    int position = 0;
    for (StoredFile f : files) {
      jdbc.update(
          "INSERT INTO stwd_submission_file (reference, file_id, position) VALUES (?, ?, ?)",
          reference,
          f.id(),
          position++);
    }
  }

  boolean submitted(String id) {
    Integer n =
        jdbc.queryForObject(
            "SELECT COUNT(*) FROM stwd_submission_file WHERE file_id = ?", Integer.class, id);
    return n != null && n > 0;
  }

  void markRemoved(String id, Instant at) {
    jdbc.update("UPDATE stwd_file SET removed_at = ? WHERE id = ?", Timestamp.from(at), id);
  }

  void delete(String id) {
    jdbc.update("DELETE FROM stwd_submission_file WHERE file_id = ?", id);
    jdbc.update("DELETE FROM stwd_file WHERE id = ?", id);
  }

  /**
   * Files whose process has neither a running instance nor history any more (its history was
   * cleaned up or deleted): to be removed with it.
   */
  List<String> orphans(int max) {
    return jdbc.query(
        "SELECT f.id FROM stwd_file f WHERE NOT EXISTS (SELECT 1 FROM act_hi_procinst h"
            + " WHERE h.proc_inst_id_ = f.process_instance_id) AND NOT EXISTS (SELECT 1 FROM"
            + " act_ru_execution e WHERE e.proc_inst_id_ = f.process_instance_id) LIMIT "
            + max,
        (rs, n) -> rs.getString(1));
  }

  static StoredFile row(ResultSet rs, int n) throws SQLException {
    String phase = rs.getString("phase");
    java.sql.Date captured = rs.getDate("captured_at");
    Timestamp removed = rs.getTimestamp("removed_at");
    return new StoredFile(
        rs.getString("id"),
        rs.getString("campaign_code"),
        rs.getString("unit_code"),
        phase == null ? null : Phase.valueOf(phase),
        rs.getString("process_instance_id"),
        rs.getString("task_id"),
        rs.getString("name"),
        FileType.ofContentType(rs.getString("content_type")),
        rs.getLong("size_bytes"),
        rs.getString("sha256"),
        rs.getInt("chunks"),
        captured == null ? null : captured.toLocalDate(),
        rs.getBoolean("outside_window"),
        rs.getBoolean("has_thumbnail"),
        rs.getString("uploaded_by"),
        rs.getTimestamp("uploaded_at").toInstant(),
        removed == null ? null : removed.toInstant());
  }
}
