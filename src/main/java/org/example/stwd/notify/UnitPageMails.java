package org.example.stwd.notify;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.example.stwd.config.StwdProperties;
import org.example.stwd.core.Phase;
import org.example.stwd.engine.EngineClock;
import org.example.stwd.security.SignInLinks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The unit page's own mails: the 回执 (receipt) after a submission, to every contact of the unit, and
 * a new sign-in link a contact asked for.
 */
@Component
public class UnitPageMails {

  private static final Logger LOG = LoggerFactory.getLogger(UnitPageMails.class);
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  /** What a receipt says: the submission and its campaign. */
  public record Receipt(
      String campaignCode,
      String campaignTitle,
      String hqContact,
      String unitCode,
      String unitName,
      Phase phase,
      int seq,
      String reference,
      String digest,
      String submittedBy,
      Instant submittedAt,
      Instant phaseCutoff) {}

  private final MailService mailService;
  private final MailTemplates templates;
  private final Recipients recipients;
  private final SignInLinks links;
  private final StwdProperties properties;

  public UnitPageMails(
      MailService mailService,
      MailTemplates templates,
      Recipients recipients,
      SignInLinks links,
      StwdProperties properties) {
    this.mailService = mailService;
    this.templates = templates;
    this.recipients = recipients;
    this.links = links;
    this.properties = properties;
  }

  /**
   * Sends the receipt of a submission once (its key is the submission's number in the phase);
   * returns whether it went out. A failure is in the mail log and does not undo the submission.
   */
  public boolean sendReceipt(Receipt receipt) {
    MailKind kind =
        receipt.phase() == Phase.PLAN ? MailKind.PLAN_RECEIPT : MailKind.SUMMARY_RECEIPT;
    Map<String, Object> model = new HashMap<>();
    model.put("society", properties.societyName());
    model.put("greeting", receipt.unitName());
    model.put("unitName", receipt.unitName());
    model.put("campaignTitle", receipt.campaignTitle());
    model.put("hqContact", receipt.hqContact());
    model.put("phaseLabel", receipt.phase().label());
    model.put("reference", receipt.reference());
    model.put("digest", receipt.digest());
    model.put("submittedBy", receipt.submittedBy());
    model.put("submittedAt", TIME.format(receipt.submittedAt().atZone(properties.timeZone())));
    model.put("linkLabel", "查看本单位的报送记录");
    String subject =
        MailTexts.subject(
            kind,
            properties.societyName(),
            receipt.campaignTitle(),
            receipt.phase().label(),
            null,
            0);
    model.put("subject", subject);
    try {
      return mailService.sendOnce(
          new OutgoingMail(
              receipt.campaignCode(),
              receipt.unitCode(),
              kind,
              receipt.seq(),
              subject,
              recipients.personalCopies(
                  receipt.unitCode(),
                  kind,
                  recipients.linkExpiry(receipt.phaseCutoff()),
                  link -> {
                    Map<String, Object> personal = new HashMap<>(model);
                    personal.put("link", link);
                    return templates.render("receipt", personal);
                  })));
    } catch (RuntimeException e) {
      LOG.warn(
          "Receipt {} could not be mailed ({}); it is in the mail log",
          receipt.reference(),
          e.toString());
      return false;
    }
  }

  /**
   * Mails a contact a new sign-in link, valid for {@code stwd.unit-page.requested-link-validity}.
   */
  public void sendSignInLink(String userId, String name, String email, String unitCode) {
    Instant now = EngineClock.now();
    Instant expires = now.plus(properties.unitPage().requestedLinkValidity());
    String token = links.issue(userId, unitCode, MailKind.SIGN_IN_LINK.name(), now, expires);
    Map<String, Object> model = new HashMap<>();
    model.put("society", properties.societyName());
    model.put("greeting", name);
    model.put("expires", TIME.format(expires.atZone(properties.timeZone())));
    model.put("link", properties.signInUrl(token));
    model.put("linkLabel", "登录单位报送页面");
    String subject =
        MailTexts.subject(MailKind.SIGN_IN_LINK, properties.societyName(), null, null, null, 0);
    model.put("subject", subject);
    mailService.sendOnce(
        new OutgoingMail(
            null,
            unitCode,
            MailKind.SIGN_IN_LINK,
            // every request is a mail of its own
            (int) (now.toEpochMilli() % Integer.MAX_VALUE),
            List.of(email),
            subject,
            templates.render("signin-link", model)));
  }
}
