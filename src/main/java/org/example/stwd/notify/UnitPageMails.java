package org.example.stwd.notify;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.example.stwd.config.StwdProperties;
import org.example.stwd.core.Phase;
import org.example.stwd.core.SubmissionRepository;
import org.example.stwd.engine.EngineClock;
import org.example.stwd.security.SignInLinks;
import org.example.stwd.security.UnitContacts;
import org.springframework.stereotype.Component;

/**
 * The unit page's own mails: the 回执 (receipt) after a submission, to every contact of the unit, and
 * a new sign-in link a contact asked for.
 */
@Component
public class UnitPageMails {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  private final MailService mailService;
  private final MailTemplates templates;
  private final Recipients recipients;
  private final SignInLinks links;
  private final StwdProperties properties;
  private final SubmissionRepository submissions;
  private final UnitContacts contacts;

  public UnitPageMails(
      MailService mailService,
      MailTemplates templates,
      Recipients recipients,
      SignInLinks links,
      StwdProperties properties,
      SubmissionRepository submissions,
      UnitContacts contacts) {
    this.mailService = mailService;
    this.templates = templates;
    this.recipients = recipients;
    this.links = links;
    this.properties = properties;
    this.submissions = submissions;
    this.contacts = contacts;
  }

  /**
   * Sends a submission's receipt once (its key is the submission's number in the phase), from the
   * outcome batch it was queued in: {@code campaign} holds the campaign's values the batch read
   * once ({@link UnitMails#campaignValueNames}).
   */
  public void sendReceipt(
      String campaignCode,
      Phase phase,
      Map<String, Object> campaign,
      OutcomeBatches.Outcome outcome) {
    SubmissionRepository.Submission submission =
        submissions
            .find(campaignCode, outcome.unitCode(), phase, outcome.seq())
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no submission "
                            + outcome.seq()
                            + " of "
                            + outcome.unitCode()
                            + " in "
                            + campaignCode));
    MailKind kind = outcome.kind();
    Map<String, Object> model = new HashMap<>();
    model.put("society", properties.societyName());
    model.put("greeting", outcome.unitName());
    model.put("unitName", outcome.unitName());
    model.put("campaignTitle", campaign.get("campaignTitle"));
    model.put("hqContact", campaign.get("hqContact"));
    model.put("phaseLabel", phase.label());
    model.put("reference", submission.reference());
    model.put("digest", submission.digest());
    model.put("submittedBy", Objects.toString(contacts.nameOf(submission.submittedBy()), "—"));
    model.put("submittedAt", TIME.format(submission.submittedAt().atZone(properties.timeZone())));
    model.put("linkLabel", "查看本单位的报送记录");
    String subject =
        MailTexts.subject(
            kind,
            properties.societyName(),
            (String) campaign.get("campaignTitle"),
            phase.label(),
            null,
            0);
    model.put("subject", subject);
    Object cutoff = campaign.get(phase.variable(Phase.Schedule.CUTOFF_AT));
    mailService.sendOnce(
        new OutgoingMail(
            campaignCode,
            outcome.unitCode(),
            kind,
            submission.seq(),
            subject,
            recipients.personalCopies(
                outcome.unitCode(),
                kind,
                recipients.linkExpiry(cutoff instanceof Date d ? d.toInstant() : null),
                link -> {
                  Map<String, Object> personal = new HashMap<>(model);
                  personal.put("link", link);
                  return templates.render("receipt", personal);
                })));
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

  /**
   * Welcomes a contact the directory just registered: which unit, what the unit page is for, and a
   * personal sign-in link valid for {@code stwd.unit-page.link-minimum-validity} (no password to
   * hand out). Sent once per contact user.
   */
  public void sendWelcome(
      String userId, String name, String email, String unitCode, String unitName) {
    Instant now = EngineClock.now();
    Instant expires = now.plus(properties.unitPage().linkMinimumValidity());
    String token = links.issue(userId, unitCode, MailKind.WELCOME.name(), now, expires);
    Map<String, Object> model = new HashMap<>();
    model.put("society", properties.societyName());
    model.put("greeting", name);
    model.put("unitName", unitName);
    model.put("expires", TIME.format(expires.atZone(properties.timeZone())));
    model.put("link", properties.signInUrl(token));
    model.put("linkLabel", "登录单位报送页面");
    String subject =
        MailTexts.subject(MailKind.WELCOME, properties.societyName(), unitName, null, null, 0);
    model.put("subject", subject);
    mailService.sendOnce(
        new OutgoingMail(
            null,
            unitCode,
            MailKind.WELCOME,
            // one welcome per contact user (the user id is unique)
            Math.abs(userId.hashCode()),
            List.of(email),
            subject,
            templates.render("welcome", model)));
  }
}
