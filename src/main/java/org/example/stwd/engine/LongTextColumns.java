package org.example.stwd.engine;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine keeps a String variable in a 4,000-character column ({@code TEXT_} of the runtime,
 * history and detail tables, on H2 and PostgreSQL alike), and a longer one fails the whole
 * completion with a database error: a notice text of 6,000 characters, a report of 5,000, a plan of
 * six activities with long descriptions. The product's contract allows up to 20,000 (notice text,
 * unit list), 10,000 (report) and its rendered plans and summaries run longer still. These columns
 * are widened to {@value #LENGTH} characters once the engine has its tables (ADR 0010), so that
 * Tasklist still shows and edits the texts as plain fields. Widening a VARCHAR changes only the
 * catalog on PostgreSQL (no table rewrite); the statements run only while a column is narrower.
 */
public class LongTextColumns extends AbstractProcessEnginePlugin {

  private static final Logger LOG = LoggerFactory.getLogger(LongTextColumns.class);

  static final int LENGTH = 100_000;
  static final List<String> TABLES = List.of("ACT_RU_VARIABLE", "ACT_HI_VARINST", "ACT_HI_DETAIL");

  @Override
  public void postProcessEngineBuild(ProcessEngine processEngine) {
    DataSource dataSource = processEngine.getProcessEngineConfiguration().getDataSource();
    try (Connection connection = dataSource.getConnection()) {
      for (String table : TABLES) {
        Integer length = length(connection, table);
        if (length != null && length >= LENGTH) {
          continue;
        }
        try (Statement statement = connection.createStatement()) {
          statement.execute(
              "ALTER TABLE " + table + " ALTER COLUMN TEXT_ SET DATA TYPE VARCHAR(" + LENGTH + ")");
          LOG.info("{}.TEXT_ widened from {} to {} characters (ADR 0010)", table, length, LENGTH);
        } catch (SQLException e) {
          // another node may be widening it at this moment; the next start checks again
          LOG.warn("Could not widen {}.TEXT_: {}", table, e.getMessage());
        }
      }
      if (!connection.getAutoCommit()) {
        connection.commit();
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Could not check the engine's text columns: " + e.getMessage(), e);
    }
  }

  /** The column's length in characters; null when the database does not say. */
  static Integer length(Connection connection, String table) throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT CHARACTER_MAXIMUM_LENGTH FROM INFORMATION_SCHEMA.COLUMNS"
                + " WHERE UPPER(TABLE_NAME) = ? AND UPPER(COLUMN_NAME) = 'TEXT_' AND TABLE_SCHEMA = CURRENT_SCHEMA")) {
      query.setString(1, table);
      try (ResultSet rs = query.executeQuery()) {
        return rs.next() ? (Integer) rs.getObject(1, Integer.class) : null;
      }
    }
  }
}
