package org.example.stwd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.example.stwd.core.Phase;
import org.example.stwd.core.UnitStatus;
import org.junit.jupiter.api.Test;

/**
 * The 2022 notice (6 May 2022, S&T Week and the 6th STW Day, theme 创新争先、自立自强): seven activity
 * categories, addressed to branches, local societies, supporting units and group members plus two
 * named committees; summaries due 20 June.
 */
class CampaignLifecycle2022Test extends ProcessTestSupport {

  static final String CODE = "STWD-2022";

  @Test
  void summariesAreDueOn20June() throws Exception {
    clock("2022-05-06T15:00");
    ProcessInstance campaign =
        distributedCampaign(
            payload("2022/01-register-notice.json"), payload("2022/02-draft-forwarding.json"));
    // 4 categories x 2 demo units + wc01 and sc01 named by code
    assertThat(campaignUnits.findAll(CODE)).hasSize(10);
    Task plan = unitTask(CODE, "br02", Phase.PLAN, "Task_SubmitPlan");
    assertThat(plan.getDueDate()).isEqualTo(date("2022-05-16T23:59:59"));
    // the categories are the campaign's, not copied into each unit's process (ADR 0014); the unit
    // page adds them to the plan form
    assertThat(taskService.getVariable(plan.getId(), "activityCategoryOptions")).isNull();
    assertThat(runtime.getVariable(campaign.getId(), "activityCategoryOptions").toString())
        .contains("百花齐放开展特色活动");

    clock("2022-05-09T10:00");
    for (String unit :
        new String[] {
          "wc01", "sc01", "br01", "br02", "ls01", "ls02", "su01", "su02", "gm01", "gm02"
        }) {
      if (unit.equals("gm02")) {
        submit(unitTask(CODE, unit, Phase.PLAN, "Task_SubmitPlan"), declinePlan());
        continue;
      }
      submit(
          unitTask(CODE, unit, Phase.PLAN, "Task_SubmitPlan"),
          with(
              plan2023(),
              "activities",
              org.camunda.spin.plugin.variable.SpinValues.jsonValue(
                      "[{\"activityName\":\"科普开放日\",\"activityCategory\":\"百花齐放开展特色活动\","
                          + "\"startDate\":\"2022-05-21\",\"endDate\":\"2022-05-22\",\"place\":\"线上直播\",\"mode\":\"ONLINE\",\"audience\":\"公众\","
                          + "\"expectedParticipants\":500,\"description\":\"线上科普开放日\",\"requestsKeyPublicity\":false}]")
                  .create()));
      submit(unitTask(CODE, unit, Phase.PLAN, "Task_ReviewPlan"), approve("planDecision"));
    }
    runJobs();
    assertThat(campaign).isWaitingAt("Task_CoordinatePublicity");
    submit(task(campaign.getId(), "Task_CoordinatePublicity"), vars("castPlatformUploaded", true));

    clock("2022-06-11T08:00");
    runJobs();
    assertThat(runtime.createProcessInstanceQuery().processDefinitionKey("unit-summary").count())
        .isEqualTo(9);
    Task summary = unitTask(CODE, "br02", Phase.SUMMARY, "Task_SubmitSummary");
    assertThat(summary.getDueDate()).isEqualTo(date("2022-06-20T23:59:59"));
    assertThat(textOf(mailsTo("br02@example.org", "【示例科学技术学会】请于2022年6月20日前报送活动总结").get(0)))
        .contains("2022年6月20日");

    // reminder two days ahead (18 June, 09:00 in Asia/Shanghai) to those who have not reported
    clock("2022-06-18T08:59");
    runJobs();
    assertThat(mailCount(CODE, "SUMMARY_REMINDER")).isZero();
    clock("2022-06-18T09:00");
    runJobs();
    assertThat(mailCount(CODE, "SUMMARY_REMINDER")).isEqualTo(9);
    assertThat(campaignUnits.status(CODE, "gm02", Phase.SUMMARY)).isEqualTo(UnitStatus.NONE);
  }
}
