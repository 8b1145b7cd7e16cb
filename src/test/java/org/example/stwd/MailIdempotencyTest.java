package org.example.stwd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doCallRealMethod;
import static org.mockito.Mockito.doThrow;

import jakarta.mail.internet.MimeMessage;
import java.util.List;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.variable.VariableMap;
import org.example.stwd.core.CampaignUnitRepository;
import org.example.stwd.core.Phase;
import org.example.stwd.notify.MailKind;
import org.example.stwd.notify.MailLog;
import org.example.stwd.notify.MailService;
import org.example.stwd.security.SignInLinks;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/**
 * The job's transaction fails after the SMTP server took the mail (here: counting the reminder
 * fails once). The job is retried, and the unit still gets one mail, counted once.
 */
class MailIdempotencyTest extends ProcessTestSupport {

  @MockitoSpyBean CampaignUnitRepository spiedUnits;
  @MockitoSpyBean SignInLinks spiedLinks;
  @Autowired MailService mailService;
  @Autowired MailLog mailLog;

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

  /**
   * The server took the mail, but its confirmation was never committed (here the sign-in link's
   * insert fails once; a node killed at that moment leaves the same trace). The attempt stays
   * SENDING; the job's retry finds it, marks it UNCERTAIN with the recipient it was sending to, and
   * sends the mail again with the same Message-ID, derived from its idempotency key.
   */
  @Test
  void anAttemptCutShortIsLoggedUncertainAndTheRepeatCarriesTheSameMessageId() throws Exception {
    clock("2023-05-06T10:00");
    distributedCampaign(
        with(payload("2023/01-register-notice.json"), "campaignCode", "DOUBT-2023"),
        with(
            payload("2023/02-draft-forwarding.json"),
            "targetCategories",
            List.of(),
            "targetUnitCodes",
            "wc01"));
    doThrow(new IllegalStateException("connection lost before the confirmation"))
        .doCallRealMethod()
        .when(spiedLinks)
        .store(argThat(links -> links.stream().anyMatch(l -> "wc01".equals(l.unitCode()))));
    clock("2023-05-12T09:00");
    assertThat(runJobsCollectingFailures())
        .anyMatch(f -> f.contains("connection lost before the confirmation"));
    assertThat(mailsTo("wc01@example.org", "【提醒】")).hasSize(1);
    assertThat(outcomes("DOUBT-2023|wc01|PLAN_REMINDER|1")).containsExactly("SENDING");

    clock("2023-05-12T09:05");
    assertThat(runJobsCollectingFailures()).isEmpty();
    List<MimeMessage> reminders = mailsTo("wc01@example.org", "【提醒】");
    assertThat(reminders).hasSize(2);
    String expected = mailService.messageId("DOUBT-2023|wc01|PLAN_REMINDER|1");
    assertThat(expected).matches("<[0-9a-f]{64}@example\\.org>");
    assertThat(reminders).allSatisfy(m -> assertThat(m.getMessageID()).isEqualTo(expected));
    assertThat(outcomes("DOUBT-2023|wc01|PLAN_REMINDER|1")).containsExactly("UNCERTAIN", "SENT");
    MailLog.Entry doubt =
        mailLog
            .find(
                new MailLog.Query(
                    "DOUBT-2023", "wc01", MailKind.PLAN_REMINDER, "UNCERTAIN", null, null, 10, 0))
            .items()
            .get(0);
    assertThat(doubt.error()).contains("wc01@example.org", "Message-ID 相同");
    assertThat(doubt.outcomeLabel()).startsWith("可能已发出");
    assertThat(doubt.messageId()).isEqualTo(expected);
    MailLog.Figures figures = mailLog.figures("DOUBT-2023");
    assertThat(figures.uncertain()).isEqualTo(1);
    assertThat(figures.failed()).isZero();
    assertThat(figures.sending()).isZero();
    assertThat(campaignUnits.findAll("DOUBT-2023").get(0).planReminders()).isEqualTo(1);
    doCallRealMethod().when(spiedLinks).store(any());
  }

  private List<String> outcomes(String key) {
    return jdbc.queryForList(
        "SELECT outcome FROM stwd_mail_log WHERE idem_key = ? ORDER BY id", String.class, key);
  }
}
