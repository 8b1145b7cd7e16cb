package org.example.stwd.notify;

import java.time.Duration;
import java.time.Instant;
import org.example.stwd.engine.EngineClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Attempts left SENDING by a node that died, and not yet looked at by a retry, become UNCERTAIN in
 * the mail log after {@link #ABANDONED_AFTER} (an attempt lasts seconds: SMTP timeouts 5 s/10 s, a
 * job's lock 40 s). Usually the retry of the same mail marks them first, within a minute of the
 * node's death; this covers mails that are never tried again (their process was cancelled). Several
 * nodes may sweep at once: the update changes a row once.
 */
@Component
public class UnfinishedMails {

  private static final Logger LOG = LoggerFactory.getLogger(UnfinishedMails.class);

  static final Duration ABANDONED_AFTER = Duration.ofMinutes(5);

  private final MailLog mailLog;

  public UnfinishedMails(MailLog mailLog) {
    this.mailLog = mailLog;
  }

  @Scheduled(fixedDelay = 60_000, initialDelay = 60_000)
  public void sweep() {
    Instant now = EngineClock.now();
    int marked;
    try {
      marked = mailLog.markAbandoned(now.minus(ABANDONED_AFTER), now);
    } catch (DataAccessException e) {
      LOG.warn("Mail log not swept: {}", e.getMessage());
      return;
    }
    if (marked > 0) {
      LOG.warn("{} mail attempt(s) interrupted without an outcome are now UNCERTAIN", marked);
    }
  }
}
