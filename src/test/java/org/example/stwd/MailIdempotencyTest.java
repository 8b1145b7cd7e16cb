package org.example.stwd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doCallRealMethod;
import static org.mockito.Mockito.doThrow;

import java.util.List;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.variable.VariableMap;
import org.example.stwd.core.CampaignUnitRepository;
import org.example.stwd.core.Phase;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/**
 * The job's transaction fails after the SMTP server took the mail (here: counting the reminder
 * fails once). The job is retried, and the unit still gets one mail, counted once.
 */
class MailIdempotencyTest extends ProcessTestSupport {

  @MockitoSpyBean CampaignUnitRepository spiedUnits;

  @Test
  void aJobRetriedAfterTheMailWentOutDoesNotSendItAgain() {
    clock("2023-05-06T10:00");
    VariableMap notice = with(payload("2023/01-register-notice.json"), "campaignCode", "IDEM-2023");
    VariableMap draft =
        with(
            payload("2023/02-draft-forwarding.json"),
            "targetCategories",
            List.of(),
            "targetUnitCodes",
            "wc01");
    distributedCampaign(notice, draft);

    doThrow(new IllegalStateException("database connection lost after sending"))
        .doCallRealMethod()
        .when(spiedUnits)
        .recordReminder(eq("IDEM-2023"), eq("wc01"), eq(Phase.PLAN), anyBoolean(), any());
    clock("2023-05-12T09:00");
    List<String> failures = runJobsCollectingFailures();
    assertThat(failures).anyMatch(f -> f.contains("database connection lost after sending"));
    assertThat(mailsTo("wc01@example.org", "【提醒】")).hasSize(1);
    Job retried = management.createJobQuery().activityId("Timer_PlanReminder").singleResult();
    assertThat(retried.getRetries()).isEqualTo(2);

    clock("2023-05-12T09:05");
    assertThat(runJobsCollectingFailures()).isEmpty();
    assertThat(management.createJobQuery().activityId("Timer_PlanReminder").count()).isZero();
    assertThat(mailsTo("wc01@example.org", "【提醒】")).hasSize(1);
    assertThat(mailCount("IDEM-2023", "PLAN_REMINDER")).isEqualTo(1);
    assertThat(campaignUnits.findAll("IDEM-2023").get(0).planReminders()).isEqualTo(1);
    doCallRealMethod().when(spiedUnits).recordReminder(any(), any(), any(), anyBoolean(), any());
  }
}
