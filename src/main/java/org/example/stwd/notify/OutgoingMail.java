package org.example.stwd.notify;

import java.util.List;

/**
 * A mail to send once. The idempotency key (campaign, unit, kind, sequence) identifies it: a
 * retried or re-run job that builds the same mail sends nothing the second time.
 */
public record OutgoingMail(String campaignCode, String unitCode, MailKind kind, int sequence, List<String> to, String subject, String text) {

  public String idempotencyKey() {
    return campaignCode + "|" + (unitCode == null ? "-" : unitCode) + "|" + kind + "|" + sequence;
  }
}
