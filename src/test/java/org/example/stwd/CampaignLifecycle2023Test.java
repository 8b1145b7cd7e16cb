package org.example.stwd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.util.List;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.VariableMap;
import org.example.stwd.core.Phase;
import org.example.stwd.core.UnitStatus;
import org.junit.jupiter.api.Test;

/**
 * The whole lifecycle with the dates of the 2023 notice (岩学字〔2023〕082号 forwarding 科协发宣字〔2023〕13号):
 * forwarded 6 May, plans due 15 May, activity window to 10 June, summaries due 20 June, upward
 * report by 30 June, then commendation. Twelve demo units in all six categories.
 */
class CampaignLifecycle2023Test extends ProcessTestSupport {

  static final String CODE = "STWD-2023";

  @Test
  void runsFromNoticeToCommendation() throws Exception {
    clock("2023-05-06T10:00");
    ProcessInstance campaign = startCampaign(payload("2023/01-register-notice.json"));
    assertThat(campaign).isStarted().isWaitingAt("Task_DraftForwarding");
    assertThat(campaign.getBusinessKey()).isEqualTo(CODE);
    assertThat(task(campaign.getId(), "Task_DraftForwarding").getName())
        .isEqualTo("起草转发通知 · STWD-2023");
    assertThat(
            taskService.getIdentityLinksForTask(
                task(campaign.getId(), "Task_DraftForwarding").getId()))
        .anyMatch(l -> "hq-office".equals(l.getGroupId()));

    submit(
        task(campaign.getId(), "Task_DraftForwarding"), payload("2023/02-draft-forwarding.json"));
    submit(
        task(campaign.getId(), "Task_ApproveForwarding"),
        payload("2023/03-approve-forwarding.json"));
    runJobs();

    // distribution: every unit of the directory has its own plan process, task and notice mail
    assertThat(campaignUnits.findAll(CODE)).hasSize(12);
    Task wc01Plan = unitTask(CODE, "wc01", Phase.PLAN, "Task_SubmitPlan");
    assertThat(wc01Plan.getName()).isEqualTo("提交活动方案 · 青年工作委员会 · STWD-2023");
    assertThat(wc01Plan.getDueDate()).isEqualTo(date("2023-05-15T23:59:59"));
    assertThat(taskService.getIdentityLinksForTask(wc01Plan.getId()))
        .anyMatch(l -> "unit-wc01".equals(l.getGroupId()));
    assertThat(mailCount(CODE, "NOTICE")).isEqualTo(12);
    assertThat(subjectsTo("gm02@example.org"))
        .containsExactly("【示例科学技术学会】关于组织开展2023年“全国科技工作者日”活动的通知（请于2023年5月15日前报送活动方案）");
    String notice = textOf(mailsTo("wc01@example.org").get(0));
    assertThat(notice).contains("青年工作委员会", "点亮精神火炬", "2023年5月15日", "/unit/signin#t=");
    assertThat(campaign).isWaitingAt("Task_WaitPlans");

    // 8 May: wc01 submits, HQ returns it with a comment, wc01 resubmits, HQ approves
    clock("2023-05-08T09:30");
    submit(wc01Plan, plan2023());
    assertThat(campaignUnits.status(CODE, "wc01", Phase.PLAN)).isEqualTo(UnitStatus.SUBMITTED);
    Task review = unitTask(CODE, "wc01", Phase.PLAN, "Task_ReviewPlan");
    assertThat((String) taskService.getVariable(review.getId(), "planText"))
        .contains("青年科技工作者座谈会", "申请总会重点宣传");
    submit(review, returnWith("planDecision", "planReviewComment", "请补充活动的具体地点"));
    assertThat(campaignUnits.status(CODE, "wc01", Phase.PLAN)).isEqualTo(UnitStatus.RETURNED);
    submit(unitTask(CODE, "wc01", Phase.PLAN, "Task_SubmitPlan"), plan2023());
    submit(unitTask(CODE, "wc01", Phase.PLAN, "Task_ReviewPlan"), approve("planDecision"));
    submit(unitTask(CODE, "sc01", Phase.PLAN, "Task_SubmitPlan"), plan2023());
    submit(unitTask(CODE, "sc01", Phase.PLAN, "Task_ReviewPlan"), approve("planDecision"));
    submit(unitTask(CODE, "br01", Phase.PLAN, "Task_SubmitPlan"), declinePlan());
    runJobs();
    assertThat(campaignUnits.status(CODE, "wc01", Phase.PLAN)).isEqualTo(UnitStatus.APPROVED);
    assertThat(campaignUnits.status(CODE, "br01", Phase.PLAN)).isEqualTo(UnitStatus.DECLINED);
    assertThat(unitInstance(CODE, "br01", Phase.PLAN)).isNull();

    // 12 May 09:00 (3 days ahead): reminders to the nine units that have not reported
    clock("2023-05-12T09:00");
    runJobs();
    assertThat(mailCount(CODE, "PLAN_REMINDER")).isEqualTo(9);
    assertThat(subjectsTo("wc01@example.org")).noneMatch(s -> s.startsWith("【提醒】"));
    assertThat(subjectsTo("wc02@example.org"))
        .contains("【提醒】请于2023年5月15日前报送活动方案：关于组织开展2023年“全国科技工作者日”活动的通知");

    // overdue notices every morning from 16 May; ls01 reports on 17 May after two of them
    clock("2023-05-16T09:00");
    runJobs();
    clock("2023-05-17T09:00");
    runJobs();
    assertThat(subjectsTo("ls01@example.org"))
        .contains(
            "【催报】活动方案已逾期1天：关于组织开展2023年“全国科技工作者日”活动的通知", "【催报】活动方案已逾期2天：关于组织开展2023年“全国科技工作者日”活动的通知");
    clock("2023-05-17T10:00");
    submit(unitTask(CODE, "ls01", Phase.PLAN, "Task_SubmitPlan"), plan2023());
    submit(unitTask(CODE, "ls01", Phase.PLAN, "Task_ReviewPlan"), approve("planDecision"));
    for (String day : List.of("2023-05-18", "2023-05-19", "2023-05-20")) {
      clock(day + "T09:00");
      runJobs();
    }
    assertThat(campaign).isWaitingAt("Task_WaitPlans");

    // cut-off at the end of 20 May: the eight silent units are missed, the campaign moves on
    clock("2023-05-21T00:00");
    runJobs();
    assertThat(campaignUnits.status(CODE, "wc02", Phase.PLAN)).isEqualTo(UnitStatus.MISSED);
    assertThat(campaignUnits.find(CODE, "wc02").orElseThrow().planReminders()).isEqualTo(6);
    assertThat(subjectsTo("wc02@example.org")).filteredOn(s -> s.startsWith("【催报】")).hasSize(5);
    assertThat(campaignUnits.find(CODE, "ls01").orElseThrow().planReminders()).isEqualTo(3);
    assertThat(campaign).isWaitingAt("Task_CoordinatePublicity");
    Task publicity = task(campaign.getId(), "Task_CoordinatePublicity");
    String stats = (String) taskService.getVariable(publicity.getId(), "planStatisticsText");
    assertThat(stats).contains("| 发送单位 | 12 |", "| 已通过 | 3 |", "| 不开展活动 | 1 |", "| 未报送 | 8 |");

    // HQ features wc01's key-publicity activity; wc01 is told
    String featuredId =
        jdbc.queryForObject(
            "SELECT id FROM stwd_activity WHERE campaign_code = ? AND unit_code = 'wc01' AND key_publicity_requested",
            String.class,
            CODE);
    submit(
        publicity,
        vars(
            "featuredActivityIds",
            List.of(featuredId),
            "publicityLinks",
            "https://example.org/stwd-2023",
            "castPlatformUploaded",
            true));
    runJobs();
    assertThat(subjectsTo("wc01@example.org"))
        .contains("【示例科学技术学会】入选总会重点宣传活动：关于组织开展2023年“全国科技工作者日”活动的通知");
    String featuredName =
        jdbc.queryForObject(
            "SELECT name FROM stwd_activity WHERE id = ?", String.class, Long.valueOf(featuredId));
    assertThat(textOf(keep(mailsTo("wc01@example.org", "【示例科学技术学会】入选总会重点宣传活动").get(0), "featured")))
        .contains("青年工作委员会：", "- " + featuredName + "（", "入选总会重点宣传活动");
    assertThat(subjectsTo("sc01@example.org")).noneMatch(s -> s.contains("重点宣传"));
    assertThat(campaignUnits.find(CODE, "wc01").orElseThrow().featured()).isTrue();
    assertThat(campaign).isWaitingAt("Timer_ActivityWindowEnd");

    // after the window (to 10 June): summaries only for the three approved plans
    clock("2023-06-11T08:00");
    runJobs();
    assertThat(mailCount(CODE, "SUMMARY_REQUEST")).isEqualTo(3);
    assertThat(unitInstance(CODE, "br01", Phase.SUMMARY)).isNull();
    assertThat(unitInstance(CODE, "wc02", Phase.SUMMARY)).isNull();
    Task wc01Summary = unitTask(CODE, "wc01", Phase.SUMMARY, "Task_SubmitSummary");
    assertThat(wc01Summary.getDueDate()).isEqualTo(date("2023-06-20T23:59:59"));
    assertThat(taskService.getVariable(wc01Summary.getId(), "summaryActivities").toString())
        .contains("青年科技工作者座谈会");
    submit(wc01Summary, summary(95));
    submit(unitTask(CODE, "wc01", Phase.SUMMARY, "Task_ReviewSummary"), approve("summaryDecision"));
    submit(unitTask(CODE, "sc01", Phase.SUMMARY, "Task_SubmitSummary"), summary(40));
    submit(
        unitTask(CODE, "sc01", Phase.SUMMARY, "Task_ReviewSummary"),
        returnWith("summaryDecision", "summaryReviewComment", "请补充照片链接"));
    submit(unitTask(CODE, "sc01", Phase.SUMMARY, "Task_SubmitSummary"), summary(45));
    submit(unitTask(CODE, "sc01", Phase.SUMMARY, "Task_ReviewSummary"), approve("summaryDecision"));

    // ls01 never sends its summary: reminder 17 June, overdue 21–25 June, missed at the end of 25
    // June
    for (String at :
        List.of(
            "2023-06-17T09:00",
            "2023-06-21T09:00",
            "2023-06-22T09:00",
            "2023-06-23T09:00",
            "2023-06-24T09:00",
            "2023-06-25T09:00",
            "2023-06-26T00:00")) {
      clock(at);
      runJobs();
    }
    assertThat(campaignUnits.status(CODE, "ls01", Phase.SUMMARY)).isEqualTo(UnitStatus.MISSED);
    assertThat(campaignUnits.find(CODE, "ls01").orElseThrow().summaryReminders()).isEqualTo(6);
    assertThat(mailCount(CODE, "SUMMARY_REMINDER")).isEqualTo(1);
    assertThat(campaign).isWaitingAt("Task_CompileReport");
    Task report = task(campaign.getId(), "Task_CompileReport");
    assertThat(report.getDueDate()).isEqualTo(date("2023-06-30T23:59:59"));
    assertThat(taskService.getVariable(report.getId(), "reportUnitsTakingPart")).isEqualTo(2);
    assertThat(taskService.getVariable(report.getId(), "reportParticipants")).isEqualTo(140L);
    assertThat((String) taskService.getVariable(report.getId(), "reportTotalsText"))
        .contains(
            "| 参加人次 | 140 |",
            "[附件二 活动开展方案统计表（Excel）](http://localhost:8080/api/campaigns/"
                + CODE
                + "/exports/plans.xlsx)");

    // 27 June 09:00: HQ is reminded of the upward deadline
    clock("2023-06-27T09:00");
    runJobs();
    assertThat(subjectsTo("hq01@example.org"))
        .contains("【提醒】请于2023年6月30日前完成上报总结：关于组织开展2023年“全国科技工作者日”活动的通知");
    assertThat(subjectsTo("hq02@example.org")).filteredOn(s -> s.startsWith("【提醒】")).hasSize(1);
    assertThat(textOf(keep(mailsTo("hq02@example.org", "【提醒】").get(0), "report-reminder")))
        .contains(
            "组织宣传部：",
            "2023年6月30日",
            "当前环节：编制上报总结报告",
            "办理上报总结：http://localhost:8080/camunda/app/tasklist/default/#/?task="
                + task(campaign.getId(), "Task_CompileReport").getId());
    // while plans and summaries were collected, HQ office got the daily 催办汇总 (one per day the clock
    // passed 09:00)
    assertThat(subjectsTo("hq02@example.org"))
        .filteredOn(s -> s.startsWith("【催办汇总】活动方案"))
        .isNotEmpty();
    assertThat(subjectsTo("hq02@example.org"))
        .filteredOn(s -> s.startsWith("【催办汇总】活动总结"))
        .isNotEmpty();

    // report: leaders return it once, then approve; HQ records it as sent
    VariableMap reportText =
        vars("reportTitle", "示例科学技术学会2023年全国科技工作者日活动总结", "reportText", "学会组织各单位开展系列活动……");
    submit(report, reportText);
    submit(
        task(campaign.getId(), "Task_ApproveReport"),
        returnWith("reportDecision", "reportComment", "请补充参加人次统计"));
    assertThat(campaign).isWaitingAt("Task_CompileReport");
    submit(task(campaign.getId(), "Task_CompileReport"), reportText);
    submit(task(campaign.getId(), "Task_ApproveReport"), approve("reportDecision"));
    submit(
        task(campaign.getId(), "Task_RecordReportSent"),
        vars("reportSentDate", "2023-06-29", "reportSentChannel", "EMAIL"));

    // commendation: nominate wc01 and its featured activity, leaders approve, CAST commends, wc01
    // is told
    submit(
        task(campaign.getId(), "Task_NominateCommendation"),
        vars(
            "nominatedUnitCodes",
            List.of("wc01", "sc01"),
            "nominatedActivityIds",
            List.of(featuredId),
            "nominationReason",
            "组织有力，活动特色鲜明"));
    submit(task(campaign.getId(), "Task_ApproveNomination"), approve("nominationDecision"));
    submit(
        task(campaign.getId(), "Task_RecordCommendation"),
        vars(
            "commendationDocNumber",
            "科协宣函〔2023〕99号",
            "commendationDate",
            "2023-09-15",
            "commendedUnitCodes",
            List.of("wc01"),
            "commendedActivityIds",
            List.of(featuredId)));
    runJobs();
    assertThat(campaign).isEnded();
    assertThat(subjectsTo("wc01@example.org"))
        .contains("【示例科学技术学会】获得通报表扬：关于组织开展2023年“全国科技工作者日”活动的通知");
    assertThat(textOf(keep(mailsTo("wc01@example.org", "【示例科学技术学会】获得通报表扬").get(0), "commendation")))
        .contains(
            "根据科协宣函〔2023〕99号，贵单位在《关于组织开展2023年“全国科技工作者日”活动的通知》中表现突出", "- " + featuredName + "（");
    assertThat(subjectsTo("sc01@example.org")).noneMatch(s -> s.contains("通报表扬"));
    assertThat(campaignUnits.find(CODE, "wc01").orElseThrow().commended()).isTrue();

    // no mail went out twice
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) - COUNT(DISTINCT idem_key) FROM stwd_mail_log WHERE outcome = 'SENT'",
                Integer.class))
        .isZero();
  }
}
