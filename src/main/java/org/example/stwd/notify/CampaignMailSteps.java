package org.example.stwd.notify;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.example.stwd.core.Phase;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The campaign process's mail steps (campaign.bpmn): each bean named in the model is a {@link
 * Step}, a thin adapter that hands its execution to {@link CampaignMails}.
 */
@Configuration
public class CampaignMailSteps {

  /** What a mail step of the campaign process sends. */
  public enum Mail {
    /** 通知重点宣传单位. */
    FEATURED_UNITS,
    /** 通知受表扬单位. */
    COMMENDED_UNITS,
    /** 发送上报提醒. */
    REPORT_REMINDER,
    /** 发送方案催办汇总. */
    PLAN_DIGEST,
    /** 发送总结催办汇总. */
    SUMMARY_DIGEST
  }

  /** One mail step of the campaign process. */
  public static class Step implements JavaDelegate {
    private final Mail mail;
    private final CampaignMails mails;

    public Step(Mail mail, CampaignMails mails) {
      this.mail = mail;
      this.mails = mails;
    }

    @Override
    public void execute(DelegateExecution execution) {
      switch (mail) {
        case FEATURED_UNITS -> mails.notifyFeaturedUnits(execution);
        case COMMENDED_UNITS -> mails.notifyCommendedUnits(execution);
        case REPORT_REMINDER -> mails.remindOfReport(execution);
        case PLAN_DIGEST -> mails.digest(execution, Phase.PLAN);
        case SUMMARY_DIGEST -> mails.digest(execution, Phase.SUMMARY);
      }
    }
  }

  @Bean
  public Step notifyFeaturedUnits(CampaignMails mails) {
    return new Step(Mail.FEATURED_UNITS, mails);
  }

  @Bean
  public Step notifyCommendedUnits(CampaignMails mails) {
    return new Step(Mail.COMMENDED_UNITS, mails);
  }

  @Bean
  public Step reportReminderMail(CampaignMails mails) {
    return new Step(Mail.REPORT_REMINDER, mails);
  }

  @Bean
  public Step planDigestMail(CampaignMails mails) {
    return new Step(Mail.PLAN_DIGEST, mails);
  }

  @Bean
  public Step summaryDigestMail(CampaignMails mails) {
    return new Step(Mail.SUMMARY_DIGEST, mails);
  }
}
