package org.example.stwd.engine;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the engine's own schema lacks for a campaign of thousands of units, put in place once the
 * engine has created or checked its tables (ADR 0006). Flyway cannot do it: on a new database the
 * engine's tables may not exist yet when Flyway runs. Every statement is idempotent, so each start
 * and each node may run them.
 *
 * <ul>
 *   <li>An index on {@code ACT_RU_TASK (PARENT_TASK_ID_)}. The engine looks for sub-tasks whenever
 *       a task completes; without it, every completion reads the whole task table.
 *   <li>Indexes on {@code ACT_RU_JOB (DUEDATE_)} and {@code (PRIORITY_ DESC, DUEDATE_ ASC)}, with
 *       {@code ensure-job-due-date-not-null} and {@code job-executor-acquire-by-due-date}. The job
 *       executor asks for the due jobs by priority, then oldest first: it reads them in index order
 *       and stops after the few it takes, instead of reading every job there is (three future
 *       timers per unit) or sorting all the due ones (10,000 reminders at 09:00).
 *   <li>On PostgreSQL, a partial index on {@code ACT_RU_JOB (PROCESS_INSTANCE_ID_)} over the locked
 *       jobs only. Each acquisition excludes the jobs of process instances that have an exclusive
 *       job locked right now; without it PostgreSQL reads the whole job table for that (22 ms with
 *       40,000 jobs, on every acquisition), with it the few dozen locked ones (ADR 0007). H2, the
 *       demo's database, has no partial indexes and no such numbers of jobs.
 *   <li>Jobs written without a due date (by an earlier version, or before the setting) get "now",
 *       so that the job executor, which now asks for due dates, still finds them.
 * </ul>
 */
public class EngineIndexes extends AbstractProcessEnginePlugin {

  private static final Logger LOG = LoggerFactory.getLogger(EngineIndexes.class);

  static final List<String> INDEXES =
      List.of(
          "CREATE INDEX IF NOT EXISTS STWD_IDX_TASK_PARENT ON ACT_RU_TASK (PARENT_TASK_ID_)",
          "CREATE INDEX IF NOT EXISTS STWD_IDX_JOB_DUEDATE ON ACT_RU_JOB (DUEDATE_)",
          "CREATE INDEX IF NOT EXISTS STWD_IDX_JOB_ACQUISITION ON ACT_RU_JOB (PRIORITY_ DESC, DUEDATE_ ASC)");

  static final List<String> POSTGRES_INDEXES =
      List.of(
          "CREATE INDEX IF NOT EXISTS STWD_IDX_JOB_LOCKED ON ACT_RU_JOB (PROCESS_INSTANCE_ID_) WHERE LOCK_OWNER_ IS NOT NULL");

  @Override
  public void postProcessEngineBuild(ProcessEngine processEngine) {
    ProcessEngineConfigurationImpl configuration =
        (ProcessEngineConfigurationImpl) processEngine.getProcessEngineConfiguration();
    DataSource dataSource = configuration.getDataSource();
    List<String> indexes = new ArrayList<>(INDEXES);
    if ("postgres".equals(configuration.getDatabaseType())) {
      indexes.addAll(POSTGRES_INDEXES);
    }
    try (Connection connection = dataSource.getConnection()) {
      for (String ddl : indexes) {
        try (Statement statement = connection.createStatement()) {
          statement.execute(ddl);
        } catch (SQLException e) {
          // another node may be creating the same index at this moment
          LOG.warn("{}: {}", ddl, e.getMessage());
        }
      }
      try (PreparedStatement statement =
          connection.prepareStatement(
              "UPDATE ACT_RU_JOB SET DUEDATE_ = ? WHERE DUEDATE_ IS NULL")) {
        statement.setTimestamp(1, new Timestamp(ClockUtil.getCurrentTime().getTime()));
        int updated = statement.executeUpdate();
        if (updated > 0) {
          LOG.info("{} jobs without a due date are due now", updated);
        }
      }
      if (!connection.getAutoCommit()) {
        connection.commit();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Could not add the engine's indexes: " + e.getMessage(), e);
    }
  }
}
