package org.example.stwd.notify;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngineServices;
import org.camunda.bpm.engine.variable.Variables;
import org.example.stwd.config.StwdProperties;
import org.example.stwd.core.Phase;
import org.example.stwd.engine.EngineAccess;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The queue of review outcome mails (ADR 0009). A review writes its outcome into the campaign
 * phase's open batch, in the review's own transaction; the first review of a batch opens it and
 * starts its process (review-outcome-mails.bpmn), whose job closes the batch once {@code
 * stwd.outcome-mail-window} has passed and sends the mails.
 *
 * <p>Nothing is lost between a review and the close:
 *
 * <ul>
 *   <li>A review joins the open batch only until its {@code closes_at} (the time of its process's
 *       timer), under a share lock on the batch's row (PostgreSQL {@code FOR SHARE}; H2, which has
 *       none, {@code FOR UPDATE}), held until the review commits.
 *   <li>The close updates that row, so it waits for every review that joined. It cannot be held off
 *       by new reviews: after {@code closes_at} none asks for the lock any more.
 *   <li>A review after {@code closes_at} closes the batch itself if its job has not yet (waiting in
 *       the same way) and opens the next one; the job then finds it closed and sends it.
 *   <li>Two reviews that open a batch at the same moment meet at the unique open slot: the second
 *       one's insert fails (on PostgreSQL after waiting for the first one's commit), and it joins
 *       the first one's batch.
 *   <li>A batch whose process was deleted (in Cockpit) before its job ran is not joined; the review
 *       that opens the next batch closes it and moves its outcomes into the new one.
 * </ul>
 */
@Repository
public class OutcomeBatches {

  /** Process of one batch (review-outcome-mails.bpmn). */
  public static final String PROCESS_KEY = "review-outcome-mails";

  /** A queued outcome mail, with the unit's name. */
  public record Outcome(
      String unitCode,
      String unitName,
      MailKind kind,
      int seq,
      String comment,
      String processInstanceId) {}

  private static final String PROCESS_EXISTS =
      "EXISTS (SELECT 1 FROM ACT_RU_EXECUTION e WHERE e.ID_ = b.process_instance_id)";
  private static final int ATTEMPTS = 5;

  private final JdbcTemplate jdbc;
  private final StwdProperties properties;
  private final TransactionTemplate savepoint;
  private final TransactionTemplate ownTransaction;

  public OutcomeBatches(
      JdbcTemplate jdbc, StwdProperties properties, PlatformTransactionManager transactionManager) {
    this.jdbc = jdbc;
    this.properties = properties;
    this.savepoint = new TransactionTemplate(transactionManager);
    this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    this.ownTransaction = new TransactionTemplate(transactionManager);
    this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  /**
   * Queues the outcome mail of a review, inside the review's transaction (an engine command): joins
   * the campaign phase's open batch, or opens one and starts its process.
   */
  public void queue(
      ProcessEngineServices engine,
      String campaignCode,
      Phase phase,
      String unitCode,
      MailKind kind,
      int seq,
      String comment,
      String processInstanceId,
      Instant reviewedAt) {
    long batch = openBatch(engine, campaignCode, phase, reviewedAt);
    jdbc.update(
        "INSERT INTO stwd_outcome_mail (batch_id, campaign_code, unit_code, kind, seq, review_comment, process_instance_id, reviewed_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        batch,
        campaignCode,
        unitCode,
        kind.name(),
        seq,
        comment,
        processInstanceId,
        Timestamp.from(reviewedAt));
  }

  private long openBatch(
      ProcessEngineServices engine, String campaignCode, Phase phase, Instant now) {
    Instant closesAt = now.plus(properties.outcomeMailWindow());
    for (int attempt = 1; ; attempt++) {
      List<Long> open =
          jdbc.queryForList(
              "SELECT b.id FROM stwd_outcome_batch b WHERE b.campaign_code = ? AND b.phase = ? AND b.open_slot = 1 AND b.closes_at >= ? AND "
                  + PROCESS_EXISTS
                  + " "
                  + shareLock(),
              Long.class,
              campaignCode,
              phase.name(),
              Timestamp.from(now));
      if (!open.isEmpty()) {
        return open.get(0);
      }
      try {
        // in a savepoint: a concurrent review that opened the batch first makes this insert fail,
        // and this review then joins that batch
        long batch = savepoint.execute(status -> openNext(campaignCode, phase, now, closesAt));
        startProcess(engine, campaignCode, phase, batch, closesAt);
        return batch;
      } catch (DuplicateKeyException | ConcurrencyFailureException e) {
        if (attempt == ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  /** Closes the open batch that no review may join any more, if any, and opens the next one. */
  private long openNext(String campaignCode, Phase phase, Instant now, Instant closesAt) {
    // past its closes_at, or its process deleted: the lock waits for the reviews that joined it
    List<Map<String, Object>> stale =
        jdbc.queryForList(
            "SELECT b.id, CASE WHEN "
                + PROCESS_EXISTS
                + " THEN 1 ELSE 0 END AS has_process FROM stwd_outcome_batch b"
                + " WHERE b.campaign_code = ? AND b.phase = ? AND b.open_slot = 1 AND (b.closes_at < ? OR NOT "
                + PROCESS_EXISTS
                + ") FOR UPDATE",
            campaignCode,
            phase.name(),
            Timestamp.from(now));
    for (Map<String, Object> row : stale) {
      jdbc.update(
          "UPDATE stwd_outcome_batch SET open_slot = NULL, closed_at = ? WHERE id = ?",
          Timestamp.from(now),
          row.get("id"));
    }
    GeneratedKeyHolder key = new GeneratedKeyHolder();
    jdbc.update(
        c -> {
          PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO stwd_outcome_batch (campaign_code, phase, open_slot, opened_at, closes_at) VALUES (?, ?, 1, ?, ?)",
                  new String[] {"id"});
          ps.setString(1, campaignCode);
          ps.setString(2, phase.name());
          ps.setTimestamp(3, Timestamp.from(now));
          ps.setTimestamp(4, Timestamp.from(closesAt));
          return ps;
        },
        key);
    long batch = key.getKey().longValue();
    for (Map<String, Object> row : stale) {
      if (((Number) row.get("has_process")).intValue() == 0) {
        // no job will send a deleted batch's outcomes: the new batch does
        jdbc.update(
            "UPDATE stwd_outcome_mail SET batch_id = ? WHERE batch_id = ?", batch, row.get("id"));
      }
    }
    return batch;
  }

  private void startProcess(
      ProcessEngineServices engine,
      String campaignCode,
      Phase phase,
      long batch,
      Instant closesAt) {
    // the product's own bookkeeping: the reviewer need not be allowed to start processes
    String instance =
        EngineAccess.withoutAuthorization(
            () ->
                engine
                    .getRuntimeService()
                    .createProcessInstanceByKey(PROCESS_KEY)
                    .businessKey(campaignCode + "#outcomes-" + batch)
                    .setVariables(
                        Variables.createVariables()
                            .putValue("campaignCode", campaignCode)
                            .putValue("phase", phase.name())
                            .putValue("outcomeBatchId", batch)
                            .putValue("closesAt", Date.from(closesAt)))
                    .execute()
                    .getId());
    jdbc.update(
        "UPDATE stwd_outcome_batch SET process_instance_id = ? WHERE id = ?", instance, batch);
  }

  /**
   * Closes the batch in a transaction of its own, once every review that joined it has committed;
   * nothing joins it afterwards. Closing a closed batch does nothing (a retried job).
   */
  public void close(long batch, Instant now) {
    ownTransaction.executeWithoutResult(
        status ->
            jdbc.update(
                "UPDATE stwd_outcome_batch SET open_slot = NULL, closed_at = ? WHERE id = ? AND open_slot = 1",
                Timestamp.from(now),
                batch));
  }

  /** The batch's outcomes whose mail has not been sent yet, in the order of the reviews. */
  public List<Outcome> unsent(long batch) {
    return jdbc.query(
        "SELECT m.unit_code, cu.unit_name, m.kind, m.seq, m.review_comment, m.process_instance_id FROM stwd_outcome_mail m"
            + " JOIN stwd_campaign_unit cu ON cu.campaign_code = m.campaign_code AND cu.unit_code = m.unit_code WHERE m.batch_id = ?"
            // the mail's idempotency key (OutgoingMail)
            + " AND NOT EXISTS (SELECT 1 FROM stwd_mail_sent s WHERE s.idem_key = "
            + OutgoingMail.idempotencyKeySql("m.campaign_code", "m.unit_code", "m.kind", "m.seq")
            + ")"
            + " ORDER BY m.id",
        (rs, i) ->
            new Outcome(
                rs.getString(1),
                rs.getString(2),
                MailKind.valueOf(rs.getString(3)),
                rs.getInt(4),
                rs.getString(5),
                rs.getString(6)),
        batch);
  }

  /** Called inside the review's engine command, whose configuration names the database. */
  private static String shareLock() {
    return EngineAccess.onPostgres() ? "FOR SHARE" : "FOR UPDATE";
  }
}
