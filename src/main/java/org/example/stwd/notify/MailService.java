package org.example.stwd.notify;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.example.stwd.config.StwdProperties;
import org.example.stwd.engine.EngineClock;
import org.example.stwd.security.SignInLinks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mail.MailException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends mail as a side effect outside the engine's transaction. It is called from async jobs with a
 * retry cycle: a failure is logged and rethrown (the job retries, then becomes a Cockpit incident).
 * The sent-log is written in its own transaction right after the SMTP server took the mail, so a
 * job that is retried after a later failure, or runs twice, sends nothing again; the mail's sign-in
 * links are stored in that transaction too.
 */
@Service
public class MailService {

  private static final Logger LOG = LoggerFactory.getLogger(MailService.class);

  private static final Pattern DOMAIN = Pattern.compile("@([A-Za-z0-9.-]+)");

  private final SmtpConnections sender;
  private final JdbcTemplate jdbc;
  private final TransactionTemplate ownTransaction;
  private final StwdProperties properties;
  private final MailLog mailLog;
  private final SignInLinks links;

  public MailService(
      SmtpConnections sender,
      JdbcTemplate jdbc,
      PlatformTransactionManager transactionManager,
      StwdProperties properties,
      MailLog mailLog,
      SignInLinks links) {
    this.mailLog = mailLog;
    this.links = links;
    this.sender = sender;
    this.jdbc = jdbc;
    this.properties = properties;
    this.ownTransaction = new TransactionTemplate(transactionManager);
    this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  /**
   * Sends the mail unless it was sent before; returns whether it was sent now. The attempt is in
   * the mail log (SENDING) before the first copy goes to the SMTP server, and SENT or FAILED after;
   * the confirmation of each copy is committed before the next copy starts, so an attempt cut short
   * (the node dies, the transaction fails after the server took a copy) leaves at most one copy in
   * doubt: the first one not confirmed. The retry sends that copy again with the same Message-ID
   * and marks the cut-short attempt UNCERTAIN with its recipients.
   */
  public boolean sendOnce(OutgoingMail mail) {
    String key = mail.idempotencyKey();
    if (alreadySent(key)) {
      LOG.info("Mail {} was sent before; not sending it again", key);
      return false;
    }
    if (mail.to().isEmpty()) {
      log(mail, "FAILED", "没有收件人邮箱");
      throw new IllegalStateException(
          "No e-mail address for " + key + ": the unit has no contact e-mail");
    }
    boolean personal = mail.copies().size() > 1;
    long attempt =
        ownTransaction.execute(
            status ->
                mailLog.begin(mail, messageId(key), () -> firstUnconfirmed(mail, personal), now()));
    for (OutgoingMail.Copy copy : mail.copies()) {
      // a copy that went out before a failure of a later one is not sent again on the retry
      String copyKey = personal ? mail.copyKey(copy) : null;
      if (copy.to().isEmpty() || copyKey != null && alreadySent(copyKey)) {
        continue;
      }
      try {
        sender.send(toMime(mail, copy, messageId(copyKey != null ? copyKey : key)));
      } catch (MailException e) {
        ownTransaction.executeWithoutResult(
            status -> mailLog.finish(attempt, "FAILED", e.getMessage(), now()));
        throw e;
      }
      if (copyKey != null) {
        ownTransaction.executeWithoutResult(
            status -> {
              jdbc.update(
                  "INSERT INTO stwd_mail_sent (idem_key, sent_at) VALUES (?, ?)",
                  copyKey,
                  Timestamp.from(now()));
              links.store(copy.links());
            });
      }
    }
    ownTransaction.executeWithoutResult(
        status -> {
          jdbc.update(
              "INSERT INTO stwd_mail_sent (idem_key, sent_at) VALUES (?, ?)",
              key,
              Timestamp.from(now()));
          if (!personal) {
            mail.copies().forEach(copy -> links.store(copy.links()));
          }
          mailLog.finish(attempt, "SENT", null, now());
        });
    LOG.info("Mail {} sent to {}", key, mail.to());
    return true;
  }

  /**
   * The recipients of the copy an interrupted attempt was sending when it stopped: the copies go
   * out in order, each confirmed before the next, so it is the first copy not confirmed.
   */
  private List<String> firstUnconfirmed(OutgoingMail mail, boolean personal) {
    if (!personal) {
      return mail.to();
    }
    return mail.copies().stream()
        .filter(copy -> !copy.to().isEmpty() && !alreadySent(mail.copyKey(copy)))
        .findFirst()
        .map(OutgoingMail.Copy::to)
        .orElse(List.of());
  }

  /**
   * The Message-ID of a mail (or of one personal copy), derived from its idempotency key: every
   * attempt at the same mail carries the same id, so a mail that went out twice after a crash shows
   * once in mail clients that collapse repeats, and the log names it.
   */
  public String messageId(String idempotencyKey) {
    return "<" + sha256(idempotencyKey) + "@" + mailDomain(properties.mailFrom()) + ">";
  }

  static String mailDomain(String from) {
    Matcher m = DOMAIN.matcher(from == null ? "" : from);
    return m.find() ? m.group(1).toLowerCase(Locale.ROOT) : "stwd.invalid";
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Records a mail that could not be sent at all (no address), so it shows in the mail log. */
  public void logUndeliverable(String campaignCode, String unitCode, MailKind kind, String reason) {
    OutgoingMail mail =
        new OutgoingMail(
            campaignCode,
            unitCode,
            kind,
            0,
            List.of(),
            "（未发送）" + kind.label(),
            new MailTemplates.Body("", ""));
    log(mail, "FAILED", reason);
  }

  public boolean alreadySent(String key) {
    Integer n =
        jdbc.queryForObject(
            "SELECT COUNT(*) FROM stwd_mail_sent WHERE idem_key = ?", Integer.class, key);
    return n != null && n > 0;
  }

  private MimeMessage toMime(OutgoingMail mail, OutgoingMail.Copy copy, String messageId) {
    try {
      MimeMessage message = sender.createMimeMessage();
      MimeMessageHelper helper =
          new MimeMessageHelper(message, MimeMessageHelper.MULTIPART_MODE_MIXED_RELATED, "UTF-8");
      helper.setFrom(properties.mailFrom());
      helper.setTo(copy.to().toArray(String[]::new));
      helper.setSubject(mail.subject());
      helper.setText(copy.text(), copy.html());
      message.setHeader("Message-ID", messageId);
      return message;
    } catch (MessagingException e) {
      throw new MailPreparationException("Cannot build mail " + mail.idempotencyKey(), e);
    }
  }

  private void log(OutgoingMail mail, String outcome, String error) {
    ownTransaction.executeWithoutResult(status -> insertLog(mail, outcome, error));
  }

  private void insertLog(OutgoingMail mail, String outcome, String error) {
    mailLog.record(mail, outcome, error, now());
  }

  private static Instant now() {
    return EngineClock.now();
  }
}
