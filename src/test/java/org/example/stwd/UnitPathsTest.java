package org.example.stwd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.example.stwd.core.Phase;
import org.example.stwd.core.UnitStatus;
import org.junit.jupiter.api.Test;

/** One test per path of a unit's plan process and of the campaign's waiting for its units. */
class UnitPathsTest extends ProcessTestSupport {

  static final String CODE = "PATH-2023";

  private ProcessInstance campaignFor(String units) {
    return campaignFor(CODE, units);
  }

  private int open() {
    return jdbc.queryForObject(
        "SELECT plan_open FROM stwd_campaign WHERE code = ?", Integer.class, CODE);
  }

  @Test
  void approvedAndDeclinedPlansSettleTheCampaign() {
    ProcessInstance campaign = campaignFor("wc01 wc02");
    assertThat(open()).isEqualTo(2);
    submit(unitTask(CODE, "wc01", Phase.PLAN, "Task_SubmitPlan"), plan2023());
    assertThat(unitInstance(CODE, "wc01", Phase.PLAN)).isWaitingAt("Task_ReviewPlan");
    submit(unitTask(CODE, "wc01", Phase.PLAN, "Task_ReviewPlan"), approve("planDecision"));
    assertThat(open()).isEqualTo(1);
    submit(unitTask(CODE, "wc02", Phase.PLAN, "Task_SubmitPlan"), declinePlan());
    assertThat(open()).isZero();
    runJobs();
    assertThat(campaign).isWaitingAt("Task_CoordinatePublicity");
    assertThat(campaignUnits.status(CODE, "wc02", Phase.PLAN)).isEqualTo(UnitStatus.DECLINED);
  }

  @Test
  void returnedPlanIsRemindedButPlanInReviewIsNot() {
    campaignFor("wc01 wc02");
    submit(unitTask(CODE, "wc01", Phase.PLAN, "Task_SubmitPlan"), plan2023());
    submit(
        unitTask(CODE, "wc01", Phase.PLAN, "Task_ReviewPlan"),
        returnWith("planDecision", "planReviewComment", "请补充活动地点"));
    submit(unitTask(CODE, "wc02", Phase.PLAN, "Task_SubmitPlan"), plan2023());
    assertThat(unitTask(CODE, "wc01", Phase.PLAN, "Task_SubmitPlan")).isNotNull();
    assertThat(
            taskService.getVariable(
                unitTask(CODE, "wc01", Phase.PLAN, "Task_SubmitPlan").getId(), "planReviewComment"))
        .isEqualTo("请补充活动地点");

    clock("2023-05-12T09:00");
    runJobs();
    assertThat(subjectsTo("wc01@example.org")).anyMatch(s -> s.startsWith("【提醒】"));
    assertThat(subjectsTo("wc02@example.org")).noneMatch(s -> s.startsWith("【提醒】"));
    assertThat(campaignUnits.find(CODE, "wc02").orElseThrow().planReminders()).isZero();
  }

  @Test
  void silentUnitGetsDailyOverdueNoticesThenIsMissed() {
    ProcessInstance campaign = campaignFor("wc01");
    clock("2023-05-15T20:00");
    runJobs();
    assertThat(subjectsTo("wc01@example.org")).filteredOn(s -> s.startsWith("【催报】")).isEmpty();
    for (int day = 16; day <= 20; day++) {
      clock("2023-05-" + day + "T09:00");
      runJobs();
      assertThat(campaignUnits.status(CODE, "wc01", Phase.PLAN)).isEqualTo(UnitStatus.PENDING);
    }
    assertThat(subjectsTo("wc01@example.org"))
        .filteredOn(s -> s.startsWith("【催报】"))
        .containsExactly(
            "【催报】活动方案已逾期1天：关于组织开展2023年“全国科技工作者日”活动的通知",
            "【催报】活动方案已逾期2天：关于组织开展2023年“全国科技工作者日”活动的通知",
            "【催报】活动方案已逾期3天：关于组织开展2023年“全国科技工作者日”活动的通知",
            "【催报】活动方案已逾期4天：关于组织开展2023年“全国科技工作者日”活动的通知",
            "【催报】活动方案已逾期5天：关于组织开展2023年“全国科技工作者日”活动的通知");
    clock("2023-05-20T23:59");
    runJobs();
    assertThat(unitInstance(CODE, "wc01", Phase.PLAN)).isNotNull();
    clock("2023-05-21T00:00");
    runJobs();
    assertThat(campaignUnits.status(CODE, "wc01", Phase.PLAN)).isEqualTo(UnitStatus.MISSED);
    assertThat(unitInstance(CODE, "wc01", Phase.PLAN)).isNull();
    assertThat(campaign).isWaitingAt("Task_CoordinatePublicity");
  }

  @Test
  void afterDowntimeOneOverdueNoticeCatchesUpAndTheNextOnesStayDistinct() {
    campaignFor("wc01");
    // the application was down from 15 to 18 May: the missed repetitions do not arrive as a burst
    clock("2023-05-18T11:00");
    runJobs();
    assertThat(subjectsTo("wc01@example.org"))
        .filteredOn(s -> s.startsWith("【催报】"))
        .containsExactly("【催报】活动方案已逾期3天：关于组织开展2023年“全国科技工作者日”活动的通知");
    clock("2023-05-19T09:00");
    runJobs();
    assertThat(subjectsTo("wc01@example.org")).filteredOn(s -> s.startsWith("【催报】")).hasSize(2);
    assertThat(
            jdbc.queryForObject(
                "SELECT plan_overdue_notices FROM stwd_campaign_unit WHERE unit_code = 'wc01'",
                Integer.class))
        .isEqualTo(2);
  }

  @Test
  void cancelledUnitProcessCountsAsSettled() {
    ProcessInstance campaign = campaignFor("wc01 wc02");
    submit(unitTask(CODE, "wc01", Phase.PLAN, "Task_SubmitPlan"), declinePlan());
    runtime.deleteProcessInstance(
        unitInstance(CODE, "wc02", Phase.PLAN).getId(), "unit left the society");
    assertThat(campaignUnits.status(CODE, "wc02", Phase.PLAN)).isEqualTo(UnitStatus.CANCELLED);
    assertThat(open()).isZero();
    runJobs();
    assertThat(campaign).isWaitingAt("Task_CoordinatePublicity");
  }

  @Test
  void campaignMovesOnAtCutoffWhilePlansAreStillInReview() {
    ProcessInstance campaign = campaignFor("wc01 wc02");
    submit(unitTask(CODE, "wc01", Phase.PLAN, "Task_SubmitPlan"), plan2023());
    clock("2023-05-21T00:30");
    runJobs();
    assertThat(campaignUnits.status(CODE, "wc02", Phase.PLAN)).isEqualTo(UnitStatus.MISSED);
    assertThat(campaign).isWaitingAt("Task_WaitPlans");
    clock("2023-05-21T01:00");
    runJobs();
    assertThat(campaign).isWaitingAt("Task_CoordinatePublicity");
    // the review goes on; a late approval still counts the unit for the summaries
    submit(unitTask(CODE, "wc01", Phase.PLAN, "Task_ReviewPlan"), approve("planDecision"));
    assertThat(campaignUnits.status(CODE, "wc01", Phase.PLAN)).isEqualTo(UnitStatus.APPROVED);
  }

  @Test
  void withoutApprovedPlansTheCampaignSkipsSummaries() {
    ProcessInstance campaign = campaignFor("wc01");
    submit(unitTask(CODE, "wc01", Phase.PLAN, "Task_SubmitPlan"), declinePlan());
    runJobs();
    submit(task(campaign.getId(), "Task_CoordinatePublicity"), vars("castPlatformUploaded", false));
    clock("2023-06-11T08:00");
    runJobs();
    assertThat(campaign).isWaitingAt("Task_CompileReport");
    assertThat(runtime.createProcessInstanceQuery().processDefinitionKey("unit-summary").count())
        .isZero();
  }

  @Test
  void returnedSummaryIsResubmitted() {
    ProcessInstance campaign = campaignFor("wc01");
    submit(unitTask(CODE, "wc01", Phase.PLAN, "Task_SubmitPlan"), plan2023());
    submit(unitTask(CODE, "wc01", Phase.PLAN, "Task_ReviewPlan"), approve("planDecision"));
    runJobs();
    submit(task(campaign.getId(), "Task_CoordinatePublicity"), vars());
    clock("2023-06-11T08:00");
    runJobs();
    submit(unitTask(CODE, "wc01", Phase.SUMMARY, "Task_SubmitSummary"), summary(80));
    submit(
        unitTask(CODE, "wc01", Phase.SUMMARY, "Task_ReviewSummary"),
        returnWith("summaryDecision", "summaryReviewComment", "请补充照片"));
    assertThat(campaignUnits.status(CODE, "wc01", Phase.SUMMARY)).isEqualTo(UnitStatus.RETURNED);
    assertThat(unitInstance(CODE, "wc01", Phase.SUMMARY)).isWaitingAt("Task_SubmitSummary");
    submit(unitTask(CODE, "wc01", Phase.SUMMARY, "Task_SubmitSummary"), summary(85));
    assertThat(
            taskService.getVariable(
                unitTask(CODE, "wc01", Phase.SUMMARY, "Task_ReviewSummary").getId(),
                "summaryDecision"))
        .isNull();
    submit(unitTask(CODE, "wc01", Phase.SUMMARY, "Task_ReviewSummary"), approve("summaryDecision"));
    runJobs();
    assertThat(campaign).isWaitingAt("Task_CompileReport");
    assertThat(
            taskService.getVariable(
                task(campaign.getId(), "Task_CompileReport").getId(), "reportParticipants"))
        .isEqualTo(85L);
  }
}
