package org.example.stwd.notify;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.example.stwd.engine.EngineAccess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mail.MailException;

/**
 * One job that sends a mail to each of many units (a start batch's notices, a batch of review
 * outcomes). A unit whose mail fails (no address, SMTP refused) does not hold back the others: they
 * are sent, the failure is in the mail log, and the job then fails naming the units, so that it is
 * retried (its retry cycle) and ends as an incident in Cockpit. A retry sends only what was not
 * sent: each mail is sent once per idempotency key.
 *
 * <p>The job stops early when SMTP fails three times in a row (a server that is down or hangs fails
 * every mail): it fails, and its retry goes on. It also stops when half the job's lock time has
 * passed since it started, because a second run of a job whose lock ran out could send the same
 * mails: then it either fails in the same way, or, where the process goes on sending in a new job,
 * reports that mails are left.
 */
final class MailBatchRun {

  private static final Logger LOG = LoggerFactory.getLogger(MailBatchRun.class);

  /** The mail of one unit. */
  record UnitMail(String unitCode, Mail mail) {}

  @FunctionalInterface
  interface Mail {
    void send() throws Exception;
  }

  private MailBatchRun() {}

  /**
   * Sends every unit's mail; {@code batch} names the batch in the job's failure ("batch 3").
   * Returns false if the job's time ran out and {@code continueLater}: the mails not sent yet are
   * left for a new job.
   *
   * @param started {@link System#nanoTime()} when the job began
   */
  static boolean sendAll(
      DelegateExecution execution,
      String batch,
      List<UnitMail> mails,
      long started,
      boolean continueLater) {
    long budgetMillis = EngineAccess.jobLockTimeMillis(execution.getProcessEngine()) / 2;
    List<String> failed = new ArrayList<>();
    String firstError = null;
    int smtpFailuresInARow = 0;
    int done = 0;
    for (UnitMail unit : mails) {
      // at least one mail per job, so that a job that started late still gets on
      boolean timeUp = done > 0 && (System.nanoTime() - started) / 1_000_000 > budgetMillis;
      if (timeUp && smtpFailuresInARow < 3 && failed.isEmpty() && continueLater) {
        LOG.info(
            "{}: {} of {} mails done, the job's time is up; a new job sends the rest",
            batch,
            done,
            mails.size());
        return false;
      }
      if (smtpFailuresInARow >= 3 || timeUp) {
        throw new IllegalStateException(
            "Mail stopped after "
                + done
                + " of "
                + mails.size()
                + " units of "
                + batch
                + (smtpFailuresInARow >= 3
                    ? ": the SMTP server failed "
                        + smtpFailuresInARow
                        + " times in a row ("
                        + firstError
                        + ")"
                    : ": the job's time is up")
                + "; the retry sends the rest");
      }
      done++;
      try {
        unit.mail().send();
        smtpFailuresInARow = 0;
      } catch (Exception e) {
        LOG.warn("No mail for {} of {}: {}", unit.unitCode(), batch, e.getMessage());
        smtpFailuresInARow = e instanceof MailException ? smtpFailuresInARow + 1 : 0;
        failed.add(unit.unitCode());
        if (firstError == null) {
          firstError = unit.unitCode() + ": " + e.getMessage();
        }
      }
    }
    if (!failed.isEmpty()) {
      // the count and the unit codes first: an incident keeps only the message's first 666
      // characters
      throw new IllegalStateException(
          "Mail not sent to "
              + failed.size()
              + " of "
              + mails.size()
              + " units of "
              + batch
              + ": "
              + String.join(", ", failed)
              + ". First error, "
              + firstError);
    }
    return true;
  }
}
