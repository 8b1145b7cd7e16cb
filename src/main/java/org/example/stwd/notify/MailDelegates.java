package org.example.stwd.notify;

import org.example.stwd.unit.ActivityRepository;
import org.example.stwd.unit.CampaignUnitRepository;
import org.example.stwd.unit.Phase;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The unit mail delegates the BPMN models name (unit-plan.bpmn, unit-summary.bpmn). */
@Configuration
public class MailDelegates {

  private final UnitMails mails;
  private final CampaignUnitRepository units;
  private final ActivityRepository activities;

  public MailDelegates(UnitMails mails, CampaignUnitRepository units, ActivityRepository activities) {
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

  @Bean
  public UnitMailDelegate planReturnedMail() {
    return delegate(MailKind.PLAN_RETURNED, Phase.PLAN);
  }

  @Bean
  public UnitMailDelegate planApprovedMail() {
    return delegate(MailKind.PLAN_APPROVED, Phase.PLAN);
  }

  @Bean
  public UrgeMailDelegate planUrgeMail(UrgeRepository urges) {
    return new UrgeMailDelegate(Phase.PLAN, mails, urges, units);
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
  public UrgeMailDelegate summaryUrgeMail(UrgeRepository urges) {
    return new UrgeMailDelegate(Phase.SUMMARY, mails, urges, units);
  }
}
