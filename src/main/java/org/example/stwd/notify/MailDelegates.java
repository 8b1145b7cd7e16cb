package org.example.stwd.notify;

import org.example.stwd.core.ActivityRepository;
import org.example.stwd.core.CampaignUnitRepository;
import org.example.stwd.core.CampaignValues;
import org.example.stwd.core.Phase;
import org.example.stwd.core.SubmissionRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The unit mail delegates the BPMN models name (unit-plan.bpmn, unit-summary.bpmn, unit-batch.bpmn,
 * review-outcome-mails.bpmn).
 */
@Configuration
public class MailDelegates {

  private final UnitMails mails;
  private final CampaignUnitRepository units;
  private final ActivityRepository activities;

  public MailDelegates(
      UnitMails mails, CampaignUnitRepository units, ActivityRepository activities) {
    this.mails = mails;
    this.units = units;
    this.activities = activities;
  }

  private UnitMailDelegate delegate(MailKind kind, Phase phase) {
    return new UnitMailDelegate(kind, phase, mails, units, activities);
  }

  @Bean
  public UnitMailDelegate unitNoticeMail() {
    return delegate(MailKind.NOTICE, Phase.PLAN);
  }

  /** The notices of one start batch (unit-batch.bpmn). */
  @Bean
  public BatchNoticeDelegate sendBatchNotices() {
    return new BatchNoticeDelegate(units, unitNoticeMail(), summaryRequestMail());
  }

  @Bean
  public UnitMailDelegate planReminderMail() {
    return delegate(MailKind.PLAN_REMINDER, Phase.PLAN);
  }

  @Bean
  public UnitMailDelegate planOverdueMail() {
    return delegate(MailKind.PLAN_OVERDUE, Phase.PLAN);
  }

  @Bean
  public UnitMailDelegate summaryRequestMail() {
    return delegate(MailKind.SUMMARY_REQUEST, Phase.SUMMARY);
  }

  @Bean
  public UnitMailDelegate summaryReminderMail() {
    return delegate(MailKind.SUMMARY_REMINDER, Phase.SUMMARY);
  }

  @Bean
  public UnitMailDelegate summaryOverdueMail() {
    return delegate(MailKind.SUMMARY_OVERDUE, Phase.SUMMARY);
  }

  /** Queues a plan review's outcome mail (complete listener of 审核活动方案). */
  @Bean
  public OutcomeMailListener queuePlanOutcomeMail(OutcomeBatches batches) {
    return new OutcomeMailListener(Phase.PLAN, batches, units);
  }

  /** Queues a summary review's outcome mail (complete listener of 审核活动总结). */
  @Bean
  public OutcomeMailListener queueSummaryOutcomeMail(OutcomeBatches batches) {
    return new OutcomeMailListener(Phase.SUMMARY, batches, units);
  }

  /** Queues a plan submission's receipt (complete listener of 提交活动方案). */
  @Bean
  public ReceiptMailListener queuePlanReceiptMail(
      OutcomeBatches batches, SubmissionRepository submissions) {
    return new ReceiptMailListener(Phase.PLAN, batches, submissions);
  }

  /** Queues a summary submission's receipt (complete listener of 提交活动总结). */
  @Bean
  public ReceiptMailListener queueSummaryReceiptMail(
      OutcomeBatches batches, SubmissionRepository submissions) {
    return new ReceiptMailListener(Phase.SUMMARY, batches, submissions);
  }

  /** Sends one batch of review outcome mails and receipts (review-outcome-mails.bpmn). */
  @Bean
  public OutcomeBatchDelegate sendReviewOutcomes(
      OutcomeBatches batches, CampaignValues campaignValues, UnitPageMails receipts) {
    return new OutcomeBatchDelegate(batches, campaignValues, mails, receipts);
  }

  // The per-unit outcome mail steps of the unit processes deployed before ADR 0009 (the review
  // outcome batches): instances started by those versions keep them until they end.

  @Bean
  public UnitMailDelegate planReturnedMail() {
    return delegate(MailKind.PLAN_RETURNED, Phase.PLAN);
  }

  @Bean
  public UnitMailDelegate planApprovedMail() {
    return delegate(MailKind.PLAN_APPROVED, Phase.PLAN);
  }

  @Bean
  public UnitMailDelegate summaryReturnedMail() {
    return delegate(MailKind.SUMMARY_RETURNED, Phase.SUMMARY);
  }

  @Bean
  public UnitMailDelegate summaryApprovedMail() {
    return delegate(MailKind.SUMMARY_APPROVED, Phase.SUMMARY);
  }

  @Bean
  public UrgeMailDelegate planUrgeMail(UrgeRepository urges) {
    return new UrgeMailDelegate(Phase.PLAN, mails, urges, units);
  }

  @Bean
  public UrgeMailDelegate summaryUrgeMail(UrgeRepository urges) {
    return new UrgeMailDelegate(Phase.SUMMARY, mails, urges, units);
  }
}
