package org.example.stwd.campaign;

import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.example.stwd.core.CampaignRepository;
import org.example.stwd.validation.FormInput;
import org.springframework.stereotype.Component;

/** Completion of 登记报送科协 (record-report-sent): when and how the report went to CAST. */
@Component("recordReportSentListener")
public class RecordReportSentListener implements TaskListener {

  private final CampaignRepository campaigns;

  public RecordReportSentListener(CampaignRepository campaigns) {
    this.campaigns = campaigns;
  }

  @Override
  public void notify(DelegateTask task) {
    FormInput in = FormInput.of(task);
    var sentOn = in.date("reportSentDate", "报送日期", true);
    in.choice("reportSentChannel", "报送方式", List.of("CAST_PLATFORM", "EMAIL", "OFFICIAL_DOCUMENT"));
    in.optionalLines("reportSentNote", "备注", 1000);
    in.throwIfInvalid();
    campaigns.setReportSent((String) task.getVariable("campaignCode"), sentOn);
  }
}
