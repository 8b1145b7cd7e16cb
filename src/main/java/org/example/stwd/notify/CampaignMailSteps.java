package org.example.stwd.notify;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.example.stwd.core.Phase;
import org.springframework.stereotype.Component;

/**
 * The campaign process's mail steps (campaign.bpmn), each a thin adapter that hands its execution
 * to {@link CampaignMails}: the bean name in the model is the class's name.
 */
public final class CampaignMailSteps {

  private CampaignMailSteps() {}

  /** 通知重点宣传单位 ({@code ${notifyFeaturedUnits}}). */
  @Component("notifyFeaturedUnits")
  public static class NotifyFeaturedUnits implements JavaDelegate {
    private final CampaignMails mails;

    public NotifyFeaturedUnits(CampaignMails mails) {
      this.mails = mails;
    }

    @Override
    public void execute(DelegateExecution execution) {
      mails.notifyFeaturedUnits(execution);
    }
  }

  /** 通知受表扬单位 ({@code ${notifyCommendedUnits}}). */
  @Component("notifyCommendedUnits")
  public static class NotifyCommendedUnits implements JavaDelegate {
    private final CampaignMails mails;

    public NotifyCommendedUnits(CampaignMails mails) {
      this.mails = mails;
    }

    @Override
    public void execute(DelegateExecution execution) {
      mails.notifyCommendedUnits(execution);
    }
  }

  /** 发送上报提醒 ({@code ${reportReminderMail}}). */
  @Component("reportReminderMail")
  public static class ReportReminderMail implements JavaDelegate {
    private final CampaignMails mails;

    public ReportReminderMail(CampaignMails mails) {
      this.mails = mails;
    }

    @Override
    public void execute(DelegateExecution execution) {
      mails.remindOfReport(execution);
    }
  }

  /** 发送方案催办汇总 ({@code ${planDigestMail}}). */
  @Component("planDigestMail")
  public static class PlanDigestMail implements JavaDelegate {
    private final CampaignMails mails;

    public PlanDigestMail(CampaignMails mails) {
      this.mails = mails;
    }

    @Override
    public void execute(DelegateExecution execution) {
      mails.digest(execution, Phase.PLAN);
    }
  }

  /** 发送总结催办汇总 ({@code ${summaryDigestMail}}). */
  @Component("summaryDigestMail")
  public static class SummaryDigestMail implements JavaDelegate {
    private final CampaignMails mails;

    public SummaryDigestMail(CampaignMails mails) {
      this.mails = mails;
    }

    @Override
    public void execute(DelegateExecution execution) {
      mails.digest(execution, Phase.SUMMARY);
    }
  }
}
