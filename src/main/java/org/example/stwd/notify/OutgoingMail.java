package org.example.stwd.notify;

import java.util.List;
import org.example.stwd.security.SignInLinks;

/**
 * A mail to send once, with a plain-text body and its HTML alternative. The idempotency key
 * (campaign, unit, kind, sequence) identifies it: a retried or re-run job that builds the same mail
 * sends nothing the second time. A mail to a unit's contacts goes as one personal copy per contact
 * (each with the contact's own sign-in link); each copy is sent once too.
 */
public record OutgoingMail(
    String campaignCode,
    String unitCode,
    MailKind kind,
    int sequence,
    String subject,
    List<Copy> copies) {

  /**
   * One copy of the mail and who gets it; {@code recipient} names it in the copy's idempotency key
   * (a user id or an address); {@code links}: the sign-in links in it, stored when it is recorded
   * as sent.
   */
  public record Copy(
      String recipient,
      List<String> to,
      String text,
      String html,
      List<SignInLinks.Pending> links) {

    public Copy(String recipient, List<String> to, MailTemplates.Body body) {
      this(recipient, to, body.text(), body.html(), List.of());
    }

    public Copy(
        String recipient,
        List<String> to,
        MailTemplates.Body body,
        List<SignInLinks.Pending> links) {
      this(recipient, to, body.text(), body.html(), links);
    }
  }

  /** One copy for all recipients. */
  public OutgoingMail(
      String campaignCode,
      String unitCode,
      MailKind kind,
      int sequence,
      List<String> to,
      String subject,
      MailTemplates.Body body) {
    this(
        campaignCode,
        unitCode,
        kind,
        sequence,
        subject,
        List.of(new Copy(String.join(",", to), to, body)));
  }

  /** Everyone who gets the mail, in any copy. */
  public List<String> to() {
    return copies.stream().flatMap(copy -> copy.to().stream()).distinct().toList();
  }

  /** The key of one copy of a mail of several copies (a copy sent is not sent again). */
  public String copyKey(Copy copy) {
    String key = idempotencyKey() + "|" + copy.recipient();
    return key.length() <= 300 ? key : key.substring(0, 300);
  }

  public String idempotencyKey() {
    return key(campaignCode, unitCode, kind, sequence);
  }

  static String key(String campaignCode, String unitCode, MailKind kind, int sequence) {
    return campaignCode + "|" + (unitCode == null ? "-" : unitCode) + "|" + kind + "|" + sequence;
  }

  /**
   * The same key computed in SQL from columns that hold a unit's mail (a unit code is never null
   * there), for a query that finds the mails not sent yet among many.
   */
  static String idempotencyKeySql(
      String campaignCode, String unitCode, String kind, String sequence) {
    return campaignCode
        + " || '|' || "
        + unitCode
        + " || '|' || "
        + kind
        + " || '|' || "
        + sequence;
  }
}
