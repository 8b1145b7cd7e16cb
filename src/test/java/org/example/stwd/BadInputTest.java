package org.example.stwd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.spin.plugin.variable.SpinValues;
import org.example.stwd.core.Phase;
import org.example.stwd.core.UnitStatus;
import org.example.stwd.validation.InvalidInputException;
import org.junit.jupiter.api.Test;

/** Bad input through the engine's API gets a clear error and changes nothing. */
class BadInputTest extends ProcessTestSupport {

  private long campaigns() {
    return runtime.createProcessInstanceQuery().processDefinitionKey("campaign").count()
        + jdbc.queryForObject("SELECT COUNT(*) FROM stwd_campaign", Long.class);
  }

  @Test
  void startWithMissingAndWrongFieldsIsRefusedWithEveryProblem() {
    VariableMap bad =
        with(
            payload("2023/01-register-notice.json"),
            "campaignCode",
            "stwd 2023",
            "noticeTitle",
            "",
            "activityWindowEnd",
            "2023-04-01",
            "campaignYear",
            "二〇二三");
    bad.remove("upwardDeadline");
    assertThatThrownBy(() -> startCampaign(bad))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("「活动编号」格式不正确")
        .hasMessageContaining("「通知标题」不能为空")
        .hasMessageContaining("「活动年度」应为整数")
        .hasMessageContaining("「向科协报送总结截止日期」不能为空")
        .hasMessageContaining("「活动结束日期」不能早于「活动开始日期」");
    assertThat(campaigns()).isZero();
  }

  @Test
  void startNeedsCategoriesAndTextOrLink() {
    VariableMap bad =
        with(
            payload("2023/01-register-notice.json"),
            "activityCategories",
            "\n \n",
            "noticeText",
            null,
            "noticeLink",
            "ftp://x");
    assertThatThrownBy(() -> startCampaign(bad))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("「活动类别」不能为空")
        .hasMessageContaining("「原文链接」应为以 http:// 或 https:// 开头的网址");
    assertThat(campaigns()).isZero();
  }

  @Test
  void secondCampaignWithTheSameCodeIsRefused() {
    clock("2023-05-06T10:00");
    startCampaign(payload("2023/01-register-notice.json"));
    assertThatThrownBy(() -> startCampaign(payload("2023/01-register-notice.json")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("活动编号「STWD-2023」已存在");
    assertThat(runtime.createProcessInstanceQuery().processDefinitionKey("campaign").count())
        .isEqualTo(1);
  }

  @Test
  void draftWithInconsistentDeadlinesOrUnknownUnitsIsRefused() {
    clock("2023-05-06T10:00");
    ProcessInstance campaign = startCampaign(payload("2023/01-register-notice.json"));
    Task draft = task(campaign.getId(), "Task_DraftForwarding");
    assertThatThrownBy(
            () ->
                submit(
                    draft,
                    with(
                        payload("2023/02-draft-forwarding.json"), "summaryDeadline", "2023-07-05")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("不能晚于向科协报送总结截止日期 2023-06-30");
    assertThatThrownBy(
            () ->
                submit(
                    draft,
                    with(
                        payload("2023/02-draft-forwarding.json"), "summaryDeadline", "2023-06-28")))
        .hasMessageContaining("总结截止日期加逾期宽限天数（2023-07-03）不能晚于向科协报送总结截止日期");
    assertThatThrownBy(
            () ->
                submit(
                    draft,
                    with(
                        payload("2023/02-draft-forwarding.json"),
                        "targetCategories",
                        List.of("NOPE"),
                        "targetUnitCodes",
                        "wc01, zz99",
                        "contactEmail",
                        "hq01-at-example.org",
                        "graceDays",
                        0)))
        .hasMessageContaining("未知的单位类别「NOPE」")
        .hasMessageContaining("以下单位代码不在单位名录中：zz99")
        .hasMessageContaining("「电子邮箱」不是有效的电子邮箱地址")
        .hasMessageContaining("「逾期宽限天数」应在 1 到 30 之间");
    assertThatThrownBy(
            () ->
                submit(
                    draft,
                    with(
                        payload("2023/02-draft-forwarding.json"),
                        "targetCategories",
                        List.of(),
                        "targetUnitCodes",
                        "")))
        .hasMessageContaining("发送范围内没有任何单位");
    assertThatThrownBy(
            () ->
                submit(
                    draft,
                    with(payload("2023/02-draft-forwarding.json"), "planDeadline", "2023-02-30")))
        .hasMessageContaining("「方案报送截止日期」不是有效日期");
    assertThat(task(campaign.getId(), "Task_DraftForwarding")).isNotNull();
  }

  @Test
  void approvalOfAPassedDeadlineAndReturnWithoutCommentAreRefused() {
    clock("2023-05-06T10:00");
    ProcessInstance campaign = startCampaign(payload("2023/01-register-notice.json"));
    submit(
        task(campaign.getId(), "Task_DraftForwarding"), payload("2023/02-draft-forwarding.json"));
    Task approval = task(campaign.getId(), "Task_ApproveForwarding");
    assertThatThrownBy(() -> submit(approval, vars("forwardingDecision", "RETURN")))
        .hasMessageContaining("退回修改时必须填写「审批意见」");
    assertThatThrownBy(() -> submit(approval, vars("forwardingDecision", "MAYBE")))
        .hasMessageContaining("「审批结果」的取值「MAYBE」无效");
    clock("2023-05-16T10:00");
    assertThatThrownBy(() -> submit(approval, vars("forwardingDecision", "APPROVE")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("方案报送截止日期 2023-05-15 已过");
    assertThat(task(campaign.getId(), "Task_ApproveForwarding")).isNotNull();
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM stwd_campaign_unit", Integer.class))
        .isZero();
    submit(approval, vars("forwardingDecision", "RETURN", "forwardingComment", "截止日期已过，请调整"));
    assertThat(task(campaign.getId(), "Task_DraftForwarding")).isNotNull();
  }

  @Test
  void badPlanIsRefusedAndTheTaskStays() {
    clock("2023-05-06T10:00");
    distributedCampaign(
        payload("2023/01-register-notice.json"),
        with(
            payload("2023/02-draft-forwarding.json"),
            "targetCategories",
            List.of(),
            "targetUnitCodes",
            "wc01"));
    Task plan = unitTask("STWD-2023", "wc01", Phase.PLAN, "Task_SubmitPlan");
    String activities =
        "[{\"activityName\":\"座谈会\",\"activityCategory\":\"不存在的类别\",\"startDate\":\"2023-05-26\",\"endDate\":\"2023-05-20\","
            + "\"place\":\"会堂\",\"mode\":\"OFFLINE\",\"audience\":\"会员\",\"expectedParticipants\":0,\"description\":\""
            + "长".repeat(1001)
            + "\"}]";
    assertThatThrownBy(
            () ->
                submit(
                    plan,
                    with(plan2023(), "activities", SpinValues.jsonValue(activities).create())))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("第 1 项活动：「活动类别」的取值「不存在的类别」无效")
        .hasMessageContaining("第 1 项活动：「结束日期」不能早于「开始日期」")
        .hasMessageContaining("第 1 项活动：「预计参与人数」应在 1 到 1000000 之间")
        .hasMessageContaining("第 1 项活动：「活动简介」不能超过 1000 个字");
    assertThatThrownBy(
            () ->
                submit(
                    plan,
                    with(
                        plan2023(),
                        "activities",
                        SpinValues.jsonValue("[]").create(),
                        "responsiblePerson",
                        null)))
        .hasMessageContaining("开展活动时请至少填写一项活动")
        .hasMessageContaining("「负责人姓名」不能为空");
    assertThatThrownBy(() -> submit(plan, with(plan2023(), "holdsActivities", null)))
        .hasMessageContaining("请选择「是否开展活动」");
    assertThat(unitTask("STWD-2023", "wc01", Phase.PLAN, "Task_SubmitPlan")).isNotNull();
    assertThat(campaignUnits.status("STWD-2023", "wc01", Phase.PLAN)).isEqualTo(UnitStatus.PENDING);
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM stwd_activity", Integer.class)).isZero();
  }

  @Test
  void summaryLongerThan3000CharactersIsRefused() {
    clock("2023-05-06T10:00");
    ProcessInstance campaign =
        distributedCampaign(
            payload("2023/01-register-notice.json"),
            with(
                payload("2023/02-draft-forwarding.json"),
                "targetCategories",
                List.of(),
                "targetUnitCodes",
                "wc01"));
    submit(unitTask("STWD-2023", "wc01", Phase.PLAN, "Task_SubmitPlan"), plan2023());
    submit(unitTask("STWD-2023", "wc01", Phase.PLAN, "Task_ReviewPlan"), approve("planDecision"));
    runJobs();
    assertThatThrownBy(
            () ->
                submit(
                    task(campaign.getId(), "Task_CoordinatePublicity"),
                    vars("featuredActivityIds", List.of("999999"))))
        .hasMessageContaining("所选重点宣传活动中有不属于已通过方案的活动");
    submit(task(campaign.getId(), "Task_CoordinatePublicity"), vars());
    clock("2023-06-11T08:00");
    runJobs();
    Task summary = unitTask("STWD-2023", "wc01", Phase.SUMMARY, "Task_SubmitSummary");
    assertThatThrownBy(() -> submit(summary, with(summary(50), "summaryText", "字".repeat(3001))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("「活动总结」不能超过 3000 个字（现为 3001 个字）");
    submit(summary, with(summary(50), "summaryText", "字".repeat(3000)));
    assertThat(campaignUnits.status("STWD-2023", "wc01", Phase.SUMMARY))
        .isEqualTo(UnitStatus.SUBMITTED);
  }
}
