package org.example.stwd.unitpage;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** A unit's drafts of its open tasks, kept on the server ({@code stwd_unit_draft}). */
@Repository
public class Drafts {

  /** The most a draft may hold (its column's size). */
  static final int MAX_CHARS = 200_000;

  public record Draft(String json, String savedBy, Instant savedAt) {}

  private final JdbcTemplate jdbc;

  public Drafts(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<Draft> find(String unitCode, String taskId) {
    return jdbc
        .query(
            "SELECT data, saved_by, saved_at FROM stwd_unit_draft WHERE task_id = ? AND unit_code = ?",
            (rs, i) -> new Draft(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()),
            taskId,
            unitCode)
        .stream()
        .findFirst();
  }

  /** When each open task of the unit was last saved as a draft. */
  public Map<String, Instant> savedAt(String unitCode) {
    Map<String, Instant> result = new HashMap<>();
    jdbc.query(
        "SELECT task_id, saved_at FROM stwd_unit_draft WHERE unit_code = ?",
        rs -> {
          result.put(rs.getString(1), rs.getTimestamp(2).toInstant());
        },
        unitCode);
    return result;
  }

  /** Saves the draft (replacing the task's earlier one); call in a transaction. */
  public void save(String unitCode, String taskId, String userId, String json, Instant at) {
    jdbc.update("DELETE FROM stwd_unit_draft WHERE task_id = ?", taskId);
    jdbc.update(
        "INSERT INTO stwd_unit_draft (task_id, unit_code, saved_by, saved_at, data) VALUES (?, ?, ?, ?, ?)",
        taskId,
        unitCode,
        userId,
        Timestamp.from(at),
        json);
  }

  public void delete(String unitCode, String taskId) {
    jdbc.update(
        "DELETE FROM stwd_unit_draft WHERE task_id = ? AND unit_code = ?", taskId, unitCode);
  }
}
