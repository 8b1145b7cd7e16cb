package org.example.stwd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.example.stwd.core.Phase;
import org.example.stwd.core.UnitStatus;
import org.example.stwd.support.JsonValues;
import org.junit.jupiter.api.Test;

/**
 * Texts at the contract's maxima go through and are kept whole: a notice text of 20,000 characters,
 * a plan of 20 activities with 1,000-character descriptions (its rendering for HQ runs far past the
 * engine's 4,000-character text column), a summary at every maximum, a report of 10,000 characters
 * (ADR 0010). On H2 here; {@code LongTextPostgresIT} runs the same on PostgreSQL.
 */
class LongTextTest extends ProcessTestSupport {

  static final String CODE = "LONG-2023";

  /** Text of the given length over several lines, with a tab, as a text area holds it. */
  static String lines(int length) {
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; text.length() < length; i++) {
      text.append(i % 50 == 49 ? '\n' : i % 97 == 96 ? '\t' : (char) ('甲' + i % 20));
    }
    // the first and last characters are not white space: input is stripped
    return "始" + text.substring(1, length - 1) + "终";
  }

  static String line(int length) {
    return "长".repeat(length);
  }

  @Test
  void textsAtTheContractsMaximaAreKeptWhole() {
    clock("2023-05-06T10:00");
    String noticeText = lines(20_000);
    ProcessInstance campaign =
        distributedCampaign(
            with(
                payload("2023/01-register-notice.json"),
                "campaignCode",
                CODE,
                "noticeText",
                noticeText),
            with(
                payload("2023/02-draft-forwarding.json"),
                "targetCategories",
                List.of(),
                "targetUnitCodes",
                "wc01",
                "forwardingNote",
                lines(2000)));
    assertThat(runtime.getVariable(campaign.getId(), "noticeText")).isEqualTo(noticeText);

    List<Map<String, Object>> activities = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      Map<String, Object> a = new LinkedHashMap<>();
      a.put("activityName", line(100));
      a.put("activityCategory", "“点亮精神火炬”主题活动");
      a.put("startDate", "2023-05-26");
      a.put("endDate", "2023-05-31");
      a.put("place", line(200));
      a.put("mode", "HYBRID");
      a.put("audience", line(100));
      a.put("expectedParticipants", 1_000_000);
      a.put("description", lines(1000));
      a.put("publicityChannels", line(200));
      a.put("requestsKeyPublicity", true);
      activities.add(a);
    }
    submit(
        unitTask(CODE, "wc01", Phase.PLAN, "Task_SubmitPlan"),
        with(plan2023(), "activities", JsonValues.json(activities)));
    Task review = unitTask(CODE, "wc01", Phase.PLAN, "Task_ReviewPlan");
    String planText = (String) taskService.getVariable(review.getId(), "planText");
    assertThat(planText).hasSizeGreaterThan(30_000).contains(lines(1000));
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM stwd_activity WHERE description = ?",
                Integer.class,
                lines(1000)))
        .isEqualTo(20);
    // and kept in the history too
    assertThat(
            history
                .createHistoricVariableInstanceQuery()
                .processInstanceId(review.getProcessInstanceId())
                .variableName("planText")
                .singleResult()
                .getValue())
        .isEqualTo(planText);

    submit(review, approve("planDecision"));
    runJobs();
    submit(
        task(campaign.getId(), "Task_CoordinatePublicity"),
        vars("publicityLinks", lines(2000), "publicityNote", lines(1000)));
    clock("2023-06-11T08:00");
    runJobs();
    List<Map<String, Object>> held = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      held.add(
          Map.of(
              "activityName",
              line(100),
              "startDate",
              "2023-05-26",
              "endDate",
              "2023-05-26",
              "participants",
              1_000_000,
              "mediaLinks",
              lines(1000)));
    }
    String summaryText = lines(3000);
    Task summary = unitTask(CODE, "wc01", Phase.SUMMARY, "Task_SubmitSummary");
    submit(
        summary,
        with(
            summary(50),
            "summaryActivities",
            JsonValues.json(held),
            "summaryText",
            summaryText,
            "mediaLinks",
            lines(2000),
            "experience",
            lines(2000)));
    assertThat(campaignUnits.status(CODE, "wc01", Phase.SUMMARY)).isEqualTo(UnitStatus.SUBMITTED);
    Task summaryReview = unitTask(CODE, "wc01", Phase.SUMMARY, "Task_ReviewSummary");
    assertThat((String) taskService.getVariable(summaryReview.getId(), "summaryReportText"))
        .hasSizeGreaterThan(25_000)
        .contains(summaryText);

    // the upward report, from its task
    runtime
        .createProcessInstanceModification(campaign.getId())
        .startBeforeActivity("Task_CompileReport")
        .execute();
    String reportText = lines(10_000);
    submit(
        task(campaign.getId(), "Task_CompileReport"),
        vars(
            "reportTitle",
            line(200),
            "reportText",
            reportText,
            "reportAttachmentLinks",
            lines(2000)));
    assertThat(runtime.getVariable(campaign.getId(), "reportText")).isEqualTo(reportText);
  }
}
