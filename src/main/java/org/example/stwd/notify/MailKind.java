package org.example.stwd.notify;

/** Every kind of mail the lifecycle sends. */
public enum MailKind {
  NOTICE,
  PLAN_REMINDER,
  PLAN_OVERDUE,
  SUMMARY_REQUEST,
  SUMMARY_REMINDER,
  SUMMARY_OVERDUE,
  FEATURED,
  REPORT_REMINDER,
  COMMENDATION
}
