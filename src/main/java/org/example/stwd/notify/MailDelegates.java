package org.example.stwd.notify;

import org.example.stwd.config.StwdProperties;
import org.example.stwd.unit.CampaignUnitRepository;
import org.example.stwd.unit.Phase;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The unit mail delegates the BPMN models name (unit-plan.bpmn, unit-summary.bpmn). */
@Configuration
public class MailDelegates {

  private final MailService mail;
  private final Recipients recipients;
  private final CampaignUnitRepository units;
  private final StwdProperties properties;

  public MailDelegates(MailService mail, Recipients recipients, CampaignUnitRepository units, StwdProperties properties) {
    this.mail = mail;
    this.recipients = recipients;
    this.units = units;
    this.properties = properties;
  }

  private UnitMailDelegate delegate(MailKind kind, Phase phase) {
    return new UnitMailDelegate(kind, phase, mail, recipients, units, properties);
  }

  @Bean
  public UnitMailDelegate unitNoticeMail() {
    return delegate(MailKind.NOTICE, Phase.PLAN);
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
}
