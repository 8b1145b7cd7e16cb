package org.example.stwd.notify;

import java.util.List;

/**
 * A mail to send once, with a plain-text body and its HTML alternative. The idempotency key
 * (campaign, unit, kind, sequence) identifies it: a retried or re-run job that builds the same mail
 * sends nothing the second time.
 */
public record OutgoingMail(
    String campaignCode,
    String unitCode,
    MailKind kind,
    int sequence,
    List<String> to,
    String subject,
    String text,
    String html) {

  public OutgoingMail(
      String campaignCode,
      String unitCode,
      MailKind kind,
      int sequence,
      List<String> to,
      String subject,
      MailTemplates.Body body) {
    this(campaignCode, unitCode, kind, sequence, to, subject, body.text(), body.html());
  }

  public String idempotencyKey() {
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
