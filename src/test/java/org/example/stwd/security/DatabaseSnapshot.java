package org.example.stwd.security;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every row a refused request could have changed: the engine's runtime state (variables, tasks,
 * identity links, jobs, grants, incidents, executions, byte values), its audit trail (operation
 * log, variable history) and the application's tables. Two equal snapshots mean nothing changed.
 */
public final class DatabaseSnapshot {

  private static final List<String> TABLES =
      List.of(
          "ACT_RU_VARIABLE",
          "ACT_RU_TASK",
          "ACT_RU_IDENTITYLINK",
          "ACT_RU_JOB",
          "ACT_RU_AUTHORIZATION",
          "ACT_RU_INCIDENT",
          "ACT_RU_EXECUTION",
          "stwd_campaign_unit",
          "stwd_activity",
          "stwd_summary_activity",
          "stwd_urge",
          "stwd_mail_log");

  /**
   * Tables that only grow (the audit trail, byte values): their row counts, as the tests before
   * left them large.
   */
  private static final List<String> GROWING =
      List.of(
          "ACT_HI_OP_LOG",
          "ACT_HI_DETAIL",
          "ACT_HI_VARINST",
          "ACT_HI_JOB_LOG",
          "ACT_HI_COMMENT",
          "ACT_GE_BYTEARRAY");

  private DatabaseSnapshot() {}

  public static Map<String, List<String>> take(JdbcTemplate jdbc) {
    Map<String, List<String>> snapshot = new LinkedHashMap<>();
    for (String table : TABLES) {
      snapshot.put(table, rows(jdbc, "SELECT * FROM " + table));
    }
    for (String table : GROWING) {
      snapshot.put(table + " (rows)", rows(jdbc, "SELECT COUNT(*) FROM " + table));
    }
    // the byte values of running variables and jobs (Json variables, exception traces) by id,
    // revision and size
    snapshot.put(
        "ACT_GE_BYTEARRAY",
        rows(
            jdbc,
            "SELECT ID_, REV_, NAME_, OCTET_LENGTH(BYTES_) FROM ACT_GE_BYTEARRAY WHERE ID_ IN"
                + " (SELECT BYTEARRAY_ID_ FROM ACT_RU_VARIABLE UNION SELECT EXCEPTION_STACK_ID_ FROM ACT_RU_JOB)"));
    return snapshot;
  }

  /**
   * The rows that are in one snapshot and not in the other, by table ({@code -} gone, {@code +}
   * new).
   */
  public static List<String> changes(
      Map<String, List<String>> before, Map<String, List<String>> after) {
    List<String> changes = new ArrayList<>();
    for (String table : before.keySet()) {
      List<String> gone = new ArrayList<>(before.get(table));
      gone.removeAll(after.get(table));
      List<String> added = new ArrayList<>(after.get(table));
      added.removeAll(before.get(table));
      gone.forEach(row -> changes.add(table + " - " + row));
      added.forEach(row -> changes.add(table + " + " + row));
    }
    return changes;
  }

  private static List<String> rows(JdbcTemplate jdbc, String sql) {
    List<String> rows =
        new ArrayList<>(
            jdbc.query(
                sql,
                (rs, n) -> {
                  StringBuilder row = new StringBuilder();
                  for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.append(rs.getMetaData().getColumnLabel(i))
                        .append('=')
                        .append(rs.getString(i))
                        .append(' ');
                  }
                  return row.toString();
                }));
    rows.sort(null);
    return rows;
  }
}
