package org.example.stwd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.Address;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.batch.Batch;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.example.stwd.core.Phase;
import org.example.stwd.notify.MailLog;
import org.example.stwd.notify.SmtpConnections;
import org.example.stwd.notify.UrgeService;
import org.example.stwd.notify.UrgeService.SkipReason;
import org.example.stwd.validation.Refusal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mail.MailSendException;

/**
 * The mails: their content and recipients, retries and incidents, idempotency, urging and the
 * digest.
 */
class NotificationTest extends ProcessTestSupport {

  static final String CODE = "MAIL-2023";
  static final String TITLE = "关于组织开展2023年“全国科技工作者日”活动的通知";

  /** Every unit mail links to the unit page with the contact's own sign-in link (UnitPageTest). */
  static final String SIGN_IN = "http://localhost:8080/unit/signin#t=";

  @Autowired UrgeService urgeService;
  @Autowired MailLog mailLog;
  @Autowired IdentityService identityService;
  @Autowired SmtpConnections smtp;

  @AfterEach
  void removeTestUnit() {
    jdbc.update("DELETE FROM stwd_unit WHERE code = 'nx01'");
    if (!greenMail.isRunning()) {
      greenMail.start();
    }
  }

  private ProcessInstance campaignFor(String units) {
    return campaignFor(CODE, units);
  }

  /** A mail about a unit's task signs its contact in to the unit page, where the task is. */
  private static String taskLink(Task task) {
    return SIGN_IN;
  }

  private static List<String> recipients(MimeMessage m) throws Exception {
    return Arrays.stream(m.getAllRecipients()).map(Address::toString).toList();
  }

  private MimeMessage only(String address, String subjectPrefix) {
    List<MimeMessage> found = mailsTo(address, subjectPrefix);
    assertThat(found)
        .as(subjectPrefix + " to " + address + " among " + subjectsTo(address))
        .hasSize(1);
    return found.get(0);
  }

  @Test
  void planMailsNameUnitCampaignLocalDeadlineAndLinkToTheTask() throws Exception {
    campaignFor("wc01 wc02");
    Task wc01Plan = unitTask(CODE, "wc01", Phase.PLAN, "Task_SubmitPlan");

    // forwarding notice: HTML with a plain-text alternative, both in Chinese, linking to the unit's
    // task
    MimeMessage notice =
        keep(only("wc01@example.org", "【示例科学技术学会】" + TITLE + "（请于2023年5月15日前报送活动方案）"), "notice");
    assertThat(recipients(notice)).containsExactly("wc01@example.org");
    assertThat(notice.getFrom()[0].toString()).isEqualTo("stwd-noreply@example.org");
    assertThat(textOf(notice))
        .contains(
            "青年工作委员会：",
            TITLE,
            "点亮精神火炬",
            "2023年5月15日",
            "示学字〔2023〕082号",
            "填报活动方案：" + taskLink(wc01Plan),
            "如有疑问，请联系林晓楠");
    assertThat(htmlOf(notice))
        .contains(
            "lang=\"zh-CN\"", "青年工作委员会：", "点亮精神火炬", "2023年5月15日", "href=\"" + taskLink(wc01Plan));

    // reminder three days ahead at 09:00 local time
    clock("2023-05-12T09:00");
    runJobs();
    MimeMessage reminder = only("wc01@example.org", "【提醒】请于2023年5月15日前报送活动方案：" + TITLE);
    assertThat(textOf(reminder)).contains("青年工作委员会：", "2023年5月15日", "贵单位尚未报送", taskLink(wc01Plan));

    // returned for revision, with HQ's comment and a link to the new task
    clock("2023-05-12T10:00");
    submit(wc01Plan, plan2023());
    submit(
        unitTask(CODE, "wc01", Phase.PLAN, "Task_ReviewPlan"),
        returnWith("planDecision", "planReviewComment", "请补充活动的具体地点"));
    runJobs();
    Task again = unitTask(CODE, "wc01", Phase.PLAN, "Task_SubmitPlan");
    MimeMessage returned =
        keep(only("wc01@example.org", "【退回修改】活动方案需修改后重新提交：" + TITLE), "plan-returned");
    assertThat(textOf(returned))
        .contains("请补充活动的具体地点", "请于 2023年5月15日 之前修改并重新提交", "修改并重新提交：" + taskLink(again));
    assertThat(htmlOf(returned)).contains("请补充活动的具体地点", taskLink(again));

    // approved
    submit(again, plan2023());
    submit(unitTask(CODE, "wc01", Phase.PLAN, "Task_ReviewPlan"), approve("planDecision"));
    runJobs();
    MimeMessage approved = only("wc01@example.org", "【审核通过】活动方案已通过：" + TITLE);
    assertThat(textOf(approved)).contains("已审核通过", "请按方案组织开展活动", SIGN_IN);

    // overdue: days overdue and the last day before the unit is recorded as missed
    clock("2023-05-16T09:00");
    runJobs();
    MimeMessage overdue = keep(only("wc02@example.org", "【催报】活动方案已逾期1天：" + TITLE), "plan-overdue");
    assertThat(textOf(overdue)).contains("现已逾期 1 天", "2023年5月20日 之后仍未报送的，将记为未报送");
    assertThat(subjectsTo("wc01@example.org")).noneMatch(s -> s.startsWith("【催报】"));
  }

  @Test
  void summaryMailsFollowTheSameSet() throws Exception {
    ProcessInstance campaign = campaignFor("wc01");
    submit(unitTask(CODE, "wc01", Phase.PLAN, "Task_SubmitPlan"), plan2023());
    submit(unitTask(CODE, "wc01", Phase.PLAN, "Task_ReviewPlan"), approve("planDecision"));
    runJobs();
    submit(task(campaign.getId(), "Task_CoordinatePublicity"), vars());
    runJobs();
    clock("2023-06-11T08:00");
    runJobs();

    Task summaryTask = unitTask(CODE, "wc01", Phase.SUMMARY, "Task_SubmitSummary");
    MimeMessage request =
        keep(only("wc01@example.org", "【示例科学技术学会】请于2023年6月20日前报送活动总结：" + TITLE), "summary-request");
    assertThat(textOf(request))
        .contains("青年工作委员会：", "2023年6月20日", "青年科技工作者座谈会", "填报活动总结：" + taskLink(summaryTask));

    clock("2023-06-18T09:00");
    runJobs();
    assertThat(textOf(only("wc01@example.org", "【提醒】请于2023年6月20日前报送活动总结：" + TITLE)))
        .contains("2023年6月20日");
    clock("2023-06-21T09:00");
    runJobs();
    assertThat(textOf(only("wc01@example.org", "【催报】活动总结已逾期1天：" + TITLE)))
        .contains("现已逾期 1 天", "2023年6月25日");

    submit(summaryTask, summary(80));
    submit(
        unitTask(CODE, "wc01", Phase.SUMMARY, "Task_ReviewSummary"),
        returnWith("summaryDecision", "summaryReviewComment", "请补充活动照片"));
    runJobs();
    Task again = unitTask(CODE, "wc01", Phase.SUMMARY, "Task_SubmitSummary");
    assertThat(textOf(only("wc01@example.org", "【退回修改】活动总结需修改后重新提交：" + TITLE)))
        .contains("请补充活动照片", "报送截止日期（2023年6月20日）已过", "最迟不晚于 2023年6月25日", taskLink(again));
    submit(again, summary(85));
    submit(unitTask(CODE, "wc01", Phase.SUMMARY, "Task_ReviewSummary"), approve("summaryDecision"));
    runJobs();
    assertThat(textOf(only("wc01@example.org", "【审核通过】活动总结已通过：" + TITLE)))
        .contains("总会将汇总各单位的活动总结");
  }

  /** Batches holding review outcomes (the submissions' receipts travel in the same batches). */
  private int outcomeBatches() {
    return jdbc.queryForObject(
        "SELECT COUNT(DISTINCT batch_id) FROM stwd_outcome_mail WHERE campaign_code = ?"
            + " AND kind NOT LIKE '%RECEIPT'",
        Integer.class, CODE);
  }

  /** Review outcomes queued. */
  private int outcomes() {
    return jdbc.queryForObject(
        "SELECT COUNT(*) FROM stwd_outcome_mail WHERE campaign_code = ? AND kind NOT LIKE '%RECEIPT'",
        Integer.class, CODE);
  }

  @Test
  void reviewOutcomesGoOutPerBatchAndEveryReviewGetsItsMailOnce() throws Exception {
    campaignFor("wc01 wc02 sc01 sc02");
    clock("2023-05-08T10:00");
    for (String unit : List.of("wc01", "wc02", "sc01", "sc02")) {
      submit(unitTask(CODE, unit, Phase.PLAN, "Task_SubmitPlan"), plan2023());
    }
    // two reviews before the batch's job runs: they share one batch, and no unit process waits
    // for a mail step of its own (wc01's has ended, wc02's waits for the resubmission only)
    submit(unitTask(CODE, "wc01", Phase.PLAN, "Task_ReviewPlan"), approve("planDecision"));
    submit(
        unitTask(CODE, "wc02", Phase.PLAN, "Task_ReviewPlan"),
        returnWith("planDecision", "planReviewComment", "请补充活动预算"));
    assertThat(outcomeBatches()).isEqualTo(1);
    assertThat(outcomes()).isEqualTo(2);
    assertThat(
            runtime
                .createProcessInstanceQuery()
                .processInstanceBusinessKey(Phase.businessKey(CODE, "wc01"))
                .count())
        .isZero();
    assertThat(
            management
                .createJobQuery()
                .processInstanceId(
                    unitTask(CODE, "wc02", Phase.PLAN, "Task_SubmitPlan").getProcessInstanceId())
                .list())
        .noneMatch(
            job -> job.getDuedate() == null || !job.getDuedate().after(date("2023-05-08T10:00")));
    // a review that is refused (returned without a comment) queues nothing
    Task sc01Review = unitTask(CODE, "sc01", Phase.PLAN, "Task_ReviewPlan");
    assertThatThrownBy(() -> submit(sc01Review, vars("planDecision", "RETURN")))
        .hasMessageContaining("审核意见");
    assertThat(outcomes()).isEqualTo(2);

    runJobs();
    assertThat(textOf(only("wc01@example.org", "【审核通过】活动方案已通过：" + TITLE)))
        .contains("已审核通过", SIGN_IN);
    Task again = unitTask(CODE, "wc02", Phase.PLAN, "Task_SubmitPlan");
    assertThat(textOf(only("wc02@example.org", "【退回修改】活动方案需修改后重新提交：" + TITLE)))
        .contains("科普工作委员会", "请补充活动预算", "修改并重新提交：" + taskLink(again));
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM stwd_outcome_batch WHERE campaign_code = ? AND open_slot IS NULL AND closed_at IS NOT NULL",
                Integer.class,
                CODE))
        .isEqualTo(1);

    // a review after the close opens the next batch; wc02's second return is its second mail
    submit(sc01Review, approve("planDecision"));
    submit(again, plan2023());
    submit(
        unitTask(CODE, "wc02", Phase.PLAN, "Task_ReviewPlan"),
        returnWith("planDecision", "planReviewComment", "预算仍不完整"));
    assertThat(outcomeBatches()).isEqualTo(2);
    runJobs();
    assertThat(mailsTo("sc01@example.org", "【审核通过】")).hasSize(1);
    assertThat(mailsTo("wc02@example.org", "【退回修改】")).hasSize(2);
    assertThat(textOf(mailsTo("wc02@example.org", "【退回修改】").get(1))).contains("预算仍不完整");
    assertThat(
            jdbc.queryForList(
                "SELECT idem_key FROM stwd_mail_sent WHERE idem_key LIKE ? ORDER BY idem_key",
                String.class,
                CODE + "|%|PLAN_%ED|%"))
        .containsExactly(
            CODE + "|sc01|PLAN_APPROVED|1",
            CODE + "|wc01|PLAN_APPROVED|1",
            CODE + "|wc02|PLAN_RETURNED|1",
            CODE + "|wc02|PLAN_RETURNED|2");

    // a review after the batch's closing time closes it itself (its job has not run yet) and
    // opens the next one; the closed batch's job still sends its outcomes
    submit(unitTask(CODE, "wc02", Phase.PLAN, "Task_SubmitPlan"), plan2023());
    submit(
        unitTask(CODE, "wc02", Phase.PLAN, "Task_ReviewPlan"),
        returnWith("planDecision", "planReviewComment", "请附活动日程"));
    clock("2023-05-08T10:01");
    submit(unitTask(CODE, "sc02", Phase.PLAN, "Task_ReviewPlan"), approve("planDecision"));
    assertThat(outcomeBatches()).isEqualTo(4);
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM stwd_outcome_batch WHERE campaign_code = ? AND open_slot = 1",
                Integer.class,
                CODE))
        .isEqualTo(1);
    runJobs();
    assertThat(mailsTo("wc02@example.org", "【退回修改】")).hasSize(3);
    assertThat(mailsTo("sc02@example.org", "【审核通过】")).hasSize(1);

    // a batch deleted in Cockpit before its job ran is not joined: the review that opens the next
    // one moves its outcomes there
    submit(unitTask(CODE, "wc02", Phase.PLAN, "Task_SubmitPlan"), plan2023());
    submit(
        unitTask(CODE, "wc02", Phase.PLAN, "Task_ReviewPlan"),
        returnWith("planDecision", "planReviewComment", "请注明经费来源"));
    runtime.deleteProcessInstance(
        runtime
            .createProcessInstanceQuery()
            .processDefinitionKey("review-outcome-mails")
            .singleResult()
            .getId(),
        "operator");
    submit(unitTask(CODE, "wc02", Phase.PLAN, "Task_SubmitPlan"), plan2023());
    submit(unitTask(CODE, "wc02", Phase.PLAN, "Task_ReviewPlan"), approve("planDecision"));
    assertThat(
            runtime
                .createProcessInstanceQuery()
                .processDefinitionKey("review-outcome-mails")
                .count())
        .isEqualTo(1);
    runJobs();
    assertThat(mailsTo("wc02@example.org", "【退回修改】")).hasSize(4);
    assertThat(mailsTo("wc02@example.org", "【审核通过】")).hasSize(1);
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM stwd_outcome_batch WHERE campaign_code = ? AND open_slot IS NOT NULL",
                Integer.class,
                CODE))
        .isZero();
  }

  @Test
  void anOutcomeBatchWhoseJobRunsOutOfTimeGoesOnInANewJobWithoutAnIncident() throws Exception {
    campaignFor("wc01 wc02 sc01");
    clock("2023-05-08T09:59");
    for (String unit : List.of("wc01", "wc02", "sc01")) {
      submit(unitTask(CODE, unit, Phase.PLAN, "Task_SubmitPlan"), plan2023());
    }
    runJobs(); // the submissions' receipts
    clock("2023-05-08T10:00");
    for (String unit : List.of("wc01", "wc02", "sc01")) {
      submit(unitTask(CODE, unit, Phase.PLAN, "Task_ReviewPlan"), approve("planDecision"));
    }
    // a job's time is half its lock time: with a lock time of 1 ms, each job sends one mail
    org.camunda.bpm.engine.impl.jobexecutor.JobExecutor jobExecutor =
        ((org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl)
                engine.getProcessEngineConfiguration())
            .getJobExecutor();
    int lockTime = jobExecutor.getLockTimeInMillis();
    jobExecutor.setLockTimeInMillis(1);
    try {
      runJobs();
    } finally {
      jobExecutor.setLockTimeInMillis(lockTime);
    }
    for (String unit : List.of("wc01", "wc02", "sc01")) {
      assertThat(mailsTo(unit + "@example.org", "【审核通过】")).as(unit).hasSize(1);
    }
    String batch =
        jdbc.queryForObject(
            "SELECT DISTINCT b.process_instance_id FROM stwd_outcome_batch b JOIN stwd_outcome_mail m"
                + " ON m.batch_id = b.id WHERE b.campaign_code = ? AND m.kind = 'PLAN_APPROVED'",
            String.class,
            CODE);
    assertThat(
            history
                .createHistoricActivityInstanceQuery()
                .processInstanceId(batch)
                .activityId("Task_SendOutcomeMails")
                .count())
        .isEqualTo(3);
    assertThat(runtime.createIncidentQuery().count()).isZero();
  }

  @Test
  void aFailedOutcomeBatchIsAnIncidentNamingItsUnitsAndItsRetrySendsEachMailOnce()
      throws Exception {
    campaignFor("wc01 wc02");
    clock("2023-05-08T09:59");
    for (String unit : List.of("wc01", "wc02")) {
      submit(unitTask(CODE, unit, Phase.PLAN, "Task_SubmitPlan"), plan2023());
    }
    runJobs(); // the submissions' receipts
    clock("2023-05-08T10:00");
    for (String unit : List.of("wc01", "wc02")) {
      submit(unitTask(CODE, unit, Phase.PLAN, "Task_ReviewPlan"), approve("planDecision"));
    }
    greenMail.stop();
    assertThat(runJobsCollectingFailures())
        .singleElement()
        .asString()
        .contains("Mail not sent to 2 of 2 units of outcome batch", "wc01, wc02");
    clock("2023-05-08T10:05");
    runJobsCollectingFailures();
    clock("2023-05-08T10:10");
    runJobsCollectingFailures();
    Incident incident =
        runtime
            .createIncidentQuery()
            .processDefinitionKeyIn("review-outcome-mails")
            .activityId("Task_SendOutcomeMails")
            .singleResult();
    assertThat(incident.getIncidentMessage())
        .contains("wc01, wc02", "Mail server connection failed");

    // SMTP is back; the operator retries the job in Cockpit: each unit gets its mail once
    greenMail.start();
    Job job =
        management.createJobQuery().processDefinitionKey("review-outcome-mails").singleResult();
    management.setJobRetries(job.getId(), 1);
    management.executeJob(job.getId());
    assertThat(runtime.createIncidentQuery().processDefinitionKeyIn("review-outcome-mails").count())
        .isZero();
    assertThat(mailsTo("wc01@example.org", "【审核通过】")).hasSize(1);
    assertThat(mailsTo("wc02@example.org", "【审核通过】")).hasSize(1);
  }

  @Test
  void smtpDownMeansRetriesThenAnIncidentAndOneMailOnceItIsBack() throws Exception {
    campaignFor("wc01");
    greenMail.stop();
    clock("2023-05-12T09:00");
    // the reminder fails (and so does HQ's digest, which is due too)
    assertThat(runJobsCollectingFailures())
        .isNotEmpty()
        .allMatch(f -> f.contains("Mail server connection failed"));
    Job job = management.createJobQuery().activityId("Timer_PlanReminder").singleResult();
    assertThat(job.getRetries()).isEqualTo(2);
    // the retry cycle R3/PT5M: two more attempts, five minutes apart
    clock("2023-05-12T09:05");
    assertThat(runJobsCollectingFailures()).isNotEmpty();
    assertThat(management.createJobQuery().jobId(job.getId()).singleResult().getRetries())
        .isEqualTo(1);
    clock("2023-05-12T09:10");
    assertThat(runJobsCollectingFailures()).isNotEmpty();
    Incident incident =
        runtime.createIncidentQuery().activityId("Timer_PlanReminder").singleResult();
    assertThat(incident).isNotNull();
    assertThat(incident.getIncidentMessage()).containsIgnoringCase("mail");
    assertThat(
            mailLog
                .find(
                    new MailLog.Query(
                        CODE,
                        "wc01",
                        org.example.stwd.notify.MailKind.PLAN_REMINDER,
                        "FAILED",
                        null,
                        null,
                        10,
                        0))
                .items())
        .hasSize(3)
        .allMatch(
            e ->
                e.error().contains("Mail server connection failed")
                    && e.recipients().equals(List.of("wc01@example.org")));

    // SMTP is back; the operator retries the job in Cockpit
    greenMail.start();
    management.setJobRetries(job.getId(), 1);
    management.executeJob(job.getId());
    assertThat(runtime.createIncidentQuery().activityId("Timer_PlanReminder").count()).isZero();
    assertThat(mailsTo("wc01@example.org", "【提醒】")).hasSize(1);
    assertThat(campaignUnits.findAll(CODE).get(0).planReminders()).isEqualTo(1);
  }

  private MimeMessage plainMail(String to, String subject) throws Exception {
    MimeMessage message = smtp.createMimeMessage();
    message.setFrom("stwd-noreply@example.org");
    message.setRecipients(jakarta.mail.Message.RecipientType.TO, to);
    message.setSubject(subject, "UTF-8");
    message.setText("正文", "UTF-8");
    return message;
  }

  @Test
  void keptSmtpConnectionsSurviveARestartOfTheServerAndFailAsSpringsSenderDoes() throws Exception {
    for (int i = 1; i <= 3; i++) {
      smtp.send(plainMail("wc01@example.org", "连接复用 " + i));
    }
    assertThat(mailsTo("wc01@example.org", "连接复用")).hasSize(3);
    // the kept connection dies with the server: the next mail finds that out and connects again
    greenMail.stop();
    greenMail.start();
    smtp.send(plainMail("wc01@example.org", "重启之后"));
    assertThat(mailsTo("wc01@example.org", "重启之后")).hasSize(1);
    // a server that is down: the failure the mail jobs know (and count as SMTP failures)
    greenMail.stop();
    assertThatThrownBy(() -> smtp.send(plainMail("wc01@example.org", "服务器停止")))
        .isInstanceOf(MailSendException.class)
        .hasMessageContaining("Mail server connection failed");
    greenMail.start();
  }

  @Test
  void aBatchsNoticesStopWhenSmtpIsDownAndTheRetrySendsEachOnce() throws Exception {
    clock("2023-05-06T10:00");
    ProcessInstance campaign =
        startCampaign(with(payload("2023/01-register-notice.json"), "campaignCode", CODE));
    submit(
        task(campaign.getId(), "Task_DraftForwarding"),
        with(
            payload("2023/02-draft-forwarding.json"),
            "targetCategories",
            List.of(),
            "targetUnitCodes",
            "wc01 wc02 sc01 sc02"));
    submit(task(campaign.getId(), "Task_ApproveForwarding"), vars("forwardingDecision", "APPROVE"));
    greenMail.stop();
    // the batch starts its four units, then its notices fail: it gives up after three SMTP failures
    // in a row
    List<String> failures = runJobsCollectingFailures();
    assertThat(failures)
        .singleElement()
        .satisfies(
            f ->
                assertThat(f)
                    .contains("failed 3 times in a row")
                    .contains("the retry sends the rest"));
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM stwd_mail_log WHERE kind = 'NOTICE' AND outcome = 'FAILED'",
                Integer.class))
        .isEqualTo(3);
    assertThat(runtime.createProcessInstanceQuery().processDefinitionKey("unit-plan").count())
        .isEqualTo(4);

    greenMail.start();
    clock("2023-05-06T10:05");
    assertThat(runJobsCollectingFailures()).isEmpty();
    for (String unit : List.of("wc01", "wc02", "sc01", "sc02")) {
      assertThat(mailsTo(unit + "@example.org", "")).as(unit).hasSize(1);
    }
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM stwd_mail_sent WHERE idem_key LIKE ?",
                Integer.class,
                CODE + "|%|NOTICE|%"))
        .isEqualTo(4);
  }

  @Test
  void aMailJobRunTwiceSendsOneMail() {
    ProcessInstance campaign = campaignFor("wc01");
    clock("2023-05-12T09:00");
    runJobs();
    assertThat(mailsTo("wc01@example.org", "【提醒】")).hasSize(1);
    // an operator re-runs the reminder step from Cockpit (process instance modification)
    ProcessInstance unit = unitInstance(CODE, "wc01", Phase.PLAN);
    runtime
        .createProcessInstanceModification(unit.getId())
        .startBeforeActivity("Task_SendPlanReminder")
        .execute();
    runJobs();
    assertThat(mailsTo("wc01@example.org", "【提醒】")).hasSize(1);
    assertThat(mailCount(CODE, "PLAN_REMINDER")).isEqualTo(1);
    assertThat(campaign.getId()).isNotNull();
  }

  @Test
  void urgingLogsEachUrgeHonoursTheQuietPeriodAndSaysWhoWasSkipped() throws Exception {
    campaignFor("wc01 wc02 sc01");
    clock("2023-05-10T10:00");
    submit(unitTask(CODE, "sc01", Phase.PLAN, "Task_SubmitPlan"), plan2023());

    UrgeService.Result first = urgeService.urge(CODE, null, List.of("wc01"), "请务必于本周五前报送。", "hq01");
    assertThat(first.phase()).isEqualTo(Phase.PLAN);
    assertThat(first.urged()).extracting(UrgeService.Urged::unitCode).containsExactly("wc01");
    runJobs();
    MimeMessage urge = only("wc01@example.org", "【催办】请尽快报送活动方案：" + TITLE);
    assertThat(textOf(urge))
        .contains(
            "总会工作人员提醒",
            "2023年5月15日",
            "请务必于本周五前报送。",
            taskLink(unitTask(CODE, "wc01", Phase.PLAN, "Task_SubmitPlan")));

    // an hour later: wc01 is within the quiet period, wc02 is urged, sc01 has submitted
    clock("2023-05-10T11:00");
    UrgeService.Result all = urgeService.urge(CODE, Phase.PLAN, null, null, "hq01");
    assertThat(all.urged()).extracting(UrgeService.Urged::unitCode).containsExactly("wc02");
    assertThat(all.skipped())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.unitCode()).isEqualTo("wc01");
              assertThat(s.reason()).isEqualTo(SkipReason.QUIET_PERIOD);
              assertThat(s.detail()).contains("已于 5月10日 10:00 催办过", "24 小时", "5月11日 10:00");
            });
    UrgeService.Result submitted =
        urgeService.urge(CODE, Phase.PLAN, List.of("sc01"), null, "hq01");
    assertThat(submitted.skipped())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.reason()).isEqualTo(SkipReason.NOT_AWAITING);
              assertThat(s.detail()).contains("待审核");
            });
    runJobs();
    assertThat(mailsTo("wc01@example.org", "【催办】")).hasSize(1);
    assertThat(mailsTo("wc02@example.org", "【催办】")).hasSize(1);
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM stwd_urge WHERE campaign_code = ?", Integer.class, CODE))
        .isEqualTo(4);
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM stwd_urge WHERE outcome = 'URGED' AND delivered_at IS NOT NULL",
                Integer.class))
        .isEqualTo(2);

    // the quiet period is about urging: the automatic reminder of 12 May does not hold back an urge
    clock("2023-05-12T09:00");
    runJobs();
    assertThat(mailsTo("wc01@example.org", "【提醒】")).hasSize(1);
    clock("2023-05-12T15:00");
    Set<String> batchesBefore = correlationBatchIds();
    assertThat(urgeService.urge(CODE, Phase.PLAN, null, null, "hq01").urged())
        .extracting(UrgeService.Urged::unitCode)
        .containsExactlyInAnyOrder("wc01", "wc02");
    // the two units' messages are correlated by one batch job (ten units per job, application.yaml)
    Set<String> newBatches = correlationBatchIds();
    newBatches.removeAll(batchesBefore);
    assertThat(newBatches).hasSize(1);
    Batch batch =
        management.createBatchQuery().batchId(newBatches.iterator().next()).singleResult();
    assertThat(batch.getInvocationsPerBatchJob()).isEqualTo(10);
    assertThat(batch.getTotalJobs()).isEqualTo(1);
    runJobs();
    assertThat(mailsTo("wc01@example.org", "【催办】")).hasSize(2);
    assertThat(mailsTo("wc02@example.org", "【催办】")).hasSize(2);
  }

  private Set<String> correlationBatchIds() {
    return management.createBatchQuery().type(Batch.TYPE_CORRELATE_MESSAGE).list().stream()
        .map(Batch::getId)
        .collect(Collectors.toCollection(HashSet::new));
  }

  /**
   * Urges reach the units' processes from the engine's batch jobs, after the request (urging 10,000
   * units answers in seconds, issue 21). A unit that submits in between gets no mail; when it is
   * urged again later (its plan returned), only the new urge goes out, and the old one is shown as
   * not carried out.
   */
  @Test
  void anUrgeOvertakenByASubmissionIsNotSentLateBesideTheNextOne() throws Exception {
    campaignFor("wc01 wc02");
    clock("2023-05-10T10:00");
    assertThat(urgeService.urge(CODE, null, List.of("wc01"), "第一次附言", "hq01").urged()).hasSize(1);
    // wc01 submits before the urge's batch job has run
    submit(unitTask(CODE, "wc01", Phase.PLAN, "Task_SubmitPlan"), plan2023());
    // the urge's message waits on the submit task (ADR 0014): the submission marks the urge as not
    // carried out, and the batch job finds nothing to correlate it with, without failing
    assertThat(onlyUrgeOutcome("wc01")).isEqualTo("LAPSED");
    runJobs(); // throws if a job (the batch's among them) fails
    assertThat(mailsTo("wc01@example.org", "【催办】")).isEmpty();

    // returned the next day, urged again after the quiet period: one mail, the new note
    clock("2023-05-11T11:00");
    submit(
        unitTask(CODE, "wc01", Phase.PLAN, "Task_ReviewPlan"),
        returnWith("planDecision", "planReviewComment", "请补充活动预算"));
    runJobs();
    assertThat(urgeService.urge(CODE, null, List.of("wc01"), "第二次附言", "hq01").urged())
        .singleElement()
        .satisfies(u -> assertThat(u.sequence()).isEqualTo(2));
    runJobs();
    List<MimeMessage> urges = mailsTo("wc01@example.org", "【催办】");
    assertThat(urges).hasSize(1);
    assertThat(textOf(urges.get(0))).contains("第二次附言").doesNotContain("第一次附言");
    assertThat(
            jdbc.queryForList(
                "SELECT seq, outcome, detail, delivered_at IS NOT NULL AS delivered FROM stwd_urge"
                    + " WHERE campaign_code = ? AND unit_code = 'wc01' ORDER BY seq",
                CODE))
        .satisfiesExactly(
            first -> {
              assertThat(first.get("OUTCOME")).isEqualTo("LAPSED");
              assertThat((String) first.get("DETAIL")).contains("单位已提交", "未发送");
              assertThat(first.get("DELIVERED")).isEqualTo(false);
            },
            second -> {
              assertThat(second.get("OUTCOME")).isEqualTo("URGED");
              assertThat(second.get("DELIVERED")).isEqualTo(true);
            });
  }

  /** The outcome of the unit's only urge in this campaign. */
  private String onlyUrgeOutcome(String unitCode) {
    return jdbc.queryForObject(
        "SELECT outcome FROM stwd_urge WHERE campaign_code = ? AND unit_code = ?",
        String.class,
        CODE,
        unitCode);
  }

  private int reminders(String unitCode) {
    return jdbc.queryForObject(
        "SELECT plan_reminders FROM stwd_campaign_unit WHERE campaign_code = ? AND unit_code = ?",
        Integer.class,
        CODE,
        unitCode);
  }

  /**
   * The reminder, the overdue notices and the urge wait on the submit task itself, not on a
   * sub-process around the whole collection (ADR 0014): while HQ reviews, a unit has no timers and
   * no urge subscription; after a return they start again with the task. A unit whose reminder fell
   * into its review gets it on its return, before the deadline; a unit reminded before is not
   * reminded or counted twice; after the deadline the overdue notices go on daily.
   */
  @Test
  void theTimersFollowTheSubmitTaskThroughAReturn() throws Exception {
    ProcessInstance campaign = campaignFor("wc01 wc02");
    clock("2023-05-08T10:00");
    submit(unitTask(CODE, "wc01", Phase.PLAN, "Task_SubmitPlan"), plan2023());
    String wc01 = unitInstance(CODE, "wc01", Phase.PLAN).getId();
    // in review: no timer and no urge subscription left in wc01's process
    assertThat(management.createJobQuery().processInstanceId(wc01).timers().count()).isZero();
    assertThat(runtime.createEventSubscriptionQuery().processInstanceId(wc01).count()).isZero();

    // 12 May, the reminder's day: wc02 is reminded, wc01 (in review) is not
    clock("2023-05-12T09:00");
    runJobs();
    assertThat(mailsTo("wc02@example.org", "【提醒】")).hasSize(1);
    assertThat(mailsTo("wc01@example.org", "【提醒】")).isEmpty();

    // 13 May: wc01 returned, its reminder (due yesterday) fires at once; wc02 submits and is
    // returned too, and is not reminded a second time
    clock("2023-05-13T10:00");
    submit(
        unitTask(CODE, "wc01", Phase.PLAN, "Task_ReviewPlan"),
        returnWith("planDecision", "planReviewComment", "请补充活动预算"));
    submit(unitTask(CODE, "wc02", Phase.PLAN, "Task_SubmitPlan"), plan2023());
    submit(
        unitTask(CODE, "wc02", Phase.PLAN, "Task_ReviewPlan"),
        returnWith("planDecision", "planReviewComment", "请补充活动地点"));
    runJobs();
    assertThat(mailsTo("wc01@example.org", "【提醒】")).hasSize(1);
    assertThat(mailsTo("wc02@example.org", "【提醒】")).hasSize(1);
    assertThat(reminders("wc01")).isEqualTo(1);
    assertThat(reminders("wc02")).isEqualTo(1);
    // the returned task waits with its events again (the reminder's timer has fired)
    assertThat(management.createJobQuery().processInstanceId(wc01).timers().count()).isEqualTo(2);
    for (String timer : List.of("Timer_PlanCutoff", "Timer_PlanOverdue")) {
      assertThat(management.createJobQuery().processInstanceId(wc01).activityId(timer).count())
          .isOne();
    }
    assertThat(runtime.createEventSubscriptionQuery().processInstanceId(wc01).count()).isOne();

    // after the deadline (15 May) the overdue notices come daily, and no late reminder
    clock("2023-05-16T09:30");
    runJobs();
    clock("2023-05-17T09:30");
    runJobs();
    assertThat(mailsTo("wc01@example.org", "【催报】")).hasSize(2);
    assertThat(mailsTo("wc01@example.org", "【提醒】")).hasSize(1);
    assertThat(reminders("wc01")).isEqualTo(3);
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(campaign.getId()).count())
        .isOne();
  }

  /**
   * An urge's mail step waits beside the submit task and can outlive it (ADR 0014): here its mail
   * failed (SMTP away) and waits for its retry while the unit submits and HQ approves. The unit is
   * settled at once all the same, so that the campaign does not wait for the retry; the retry then
   * finds the urge lapsed by the submission and sends nothing.
   */
  @Test
  void aUnitIsSettledWhileItsUrgesMailStillWaitsBesideIt() throws Exception {
    campaignFor("wc01 wc02");
    clock("2023-05-10T10:00");
    greenMail.stop();
    assertThat(urgeService.urge(CODE, null, List.of("wc01"), null, "hq01").urged()).hasSize(1);
    assertThat(runJobsCollectingFailures()).isNotEmpty();
    String wc01 = unitInstance(CODE, "wc01", Phase.PLAN).getId();
    submit(unitTask(CODE, "wc01", Phase.PLAN, "Task_SubmitPlan"), plan2023());
    submit(unitTask(CODE, "wc01", Phase.PLAN, "Task_ReviewPlan"), approve("planDecision"));
    Map<String, Object> row =
        jdbc.queryForMap(
            "SELECT plan_status, plan_settled_at FROM stwd_campaign_unit"
                + " WHERE campaign_code = ? AND unit_code = 'wc01'",
            CODE);
    assertThat(row.get("PLAN_STATUS")).isEqualTo("APPROVED");
    assertThat(row.get("PLAN_SETTLED_AT")).isNotNull();
    String settledAt = row.get("PLAN_SETTLED_AT").toString();
    // the process is still there: the urge's mail step waits for its retry
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(wc01).count()).isOne();

    greenMail.start();
    clock("2023-05-10T10:30");
    runJobs();
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(wc01).count()).isZero();
    assertThat(mailsTo("wc01@example.org", "【催办】")).isEmpty();
    assertThat(onlyUrgeOutcome("wc01")).isEqualTo("LAPSED");
    // settled once: the process's own end listener changed nothing
    assertThat(
            jdbc.queryForMap(
                    "SELECT plan_settled_at FROM stwd_campaign_unit"
                        + " WHERE campaign_code = ? AND unit_code = 'wc01'",
                    CODE)
                .get("PLAN_SETTLED_AT")
                .toString())
        .isEqualTo(settledAt);
  }

  @Test
  void badUrgesAreRefusedAndChangeNothing() {
    campaignFor("wc01");
    assertThatThrownBy(() -> urgeService.urge("NOPE", null, null, null, "hq01"))
        .isInstanceOf(Refusal.class)
        .hasMessageContaining("没有编号为“NOPE”的活动");
    assertThatThrownBy(() -> urgeService.urge(CODE, null, List.of("wc01", "zz99"), null, "hq01"))
        .isInstanceOf(Refusal.class)
        .hasMessageContaining("单位“zz99”不在本次活动的报送单位中");
    assertThatThrownBy(() -> urgeService.urge(CODE, Phase.SUMMARY, null, null, "hq01"))
        .isInstanceOf(Refusal.class)
        .hasMessageContaining("目前没有正在收集的活动总结");
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM stwd_urge", Integer.class)).isZero();
  }

  @Test
  void aUnitWithoutEMailIsAnIncidentAndAnEntryInTheMailLogNeverSilentlySkipped() {
    jdbc.update(
        "INSERT INTO stwd_unit (code, name, category, contact_name) VALUES ('nx01', '无邮箱测试分会', 'BRANCH', '郑晓')");
    clock("2023-05-06T10:00");
    ProcessInstance campaign =
        startCampaign(with(payload("2023/01-register-notice.json"), "campaignCode", CODE));
    submit(
        task(campaign.getId(), "Task_DraftForwarding"),
        with(
            payload("2023/02-draft-forwarding.json"),
            "targetCategories",
            List.of(),
            "targetUnitCodes",
            "wc01 nx01"));
    submit(task(campaign.getId(), "Task_ApproveForwarding"), vars("forwardingDecision", "APPROVE"));
    List<String> failures = new java.util.ArrayList<>(runJobsCollectingFailures());
    clock("2023-05-06T10:05");
    failures.addAll(runJobsCollectingFailures());
    clock("2023-05-06T10:10");
    failures.addAll(runJobsCollectingFailures());
    assertThat(failures)
        .hasSize(3)
        .allMatch(f -> f.contains("nx01") && f.contains("no contact e-mail"));
    // the notices go out per start batch: the incident is the batch's, and names the unit
    assertThat(
            runtime
                .createIncidentQuery()
                .processDefinitionKeyIn("unit-batch")
                .activityId("Task_SendBatchNotices")
                .singleResult()
                .getIncidentMessage())
        .contains("nx01")
        .doesNotContain("wc01");
    // the other unit of the batch got its notice, once, although the batch's job ran three times
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM stwd_mail_sent WHERE idem_key LIKE ?",
                Integer.class,
                CODE + "|wc01|NOTICE|%"))
        .isEqualTo(1);
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM stwd_mail_log WHERE unit_code = 'wc01' AND kind = 'NOTICE'",
                Integer.class))
        .isEqualTo(1);
    assertThat(
            mailLog
                .find(new MailLog.Query(CODE, "nx01", null, "FAILED", null, null, 10, 0))
                .items())
        .isNotEmpty()
        .allMatch(e -> e.error().equals("没有收件人邮箱"));

    clock("2023-05-10T10:00");
    UrgeService.Result result = urgeService.urge(CODE, null, null, null, "hq01");
    assertThat(result.urged()).extracting(UrgeService.Urged::unitCode).containsExactly("wc01");
    assertThat(result.skipped())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.unitCode()).isEqualTo("nx01");
              assertThat(s.reason()).isEqualTo(SkipReason.NO_EMAIL);
            });
  }

  @Test
  void dailyDigestListsTheUnitsStillToSubmit() throws Exception {
    campaignFor("wc01 wc02 sc01 sc02");
    clock("2023-05-08T10:00");
    submit(unitTask(CODE, "wc01", Phase.PLAN, "Task_SubmitPlan"), plan2023());
    submit(unitTask(CODE, "wc01", Phase.PLAN, "Task_ReviewPlan"), approve("planDecision"));
    submit(unitTask(CODE, "sc01", Phase.PLAN, "Task_SubmitPlan"), plan2023());
    submit(unitTask(CODE, "sc02", Phase.PLAN, "Task_SubmitPlan"), plan2023());
    submit(
        unitTask(CODE, "sc02", Phase.PLAN, "Task_ReviewPlan"),
        returnWith("planDecision", "planReviewComment", "请补充活动预算"));
    clock("2023-05-16T09:30");
    runJobs();

    MimeMessage digest =
        keep(only("hq01@example.org", "【催办汇总】活动方案收集情况（2023年5月15日截止）：" + TITLE), "plan-digest");
    assertThat(recipients(digest))
        .containsExactlyInAnyOrder("hq01@example.org", "hq02@example.org");
    String text = textOf(digest);
    assertThat(text)
        .contains(
            "组织宣传部：",
            "截至 2023年5月16日 09:30",
            "应报送 4",
            "待报送 1",
            "退回修改 1",
            "待审核 1",
            "已通过 1",
            "尚未报送的单位（2 家，其中逾期 2 家）",
            "另有 1 家单位已提交、等待审核");
    assertThat(text).contains("- 科普工作委员会", "- 地下工程专业委员会").doesNotContain("- 青年工作委员会");
    // the reminder timer came due while the clock stood still and fires after the deadline with the
    // first overdue notice: only the overdue notice goes out ("the deadline is near" would be
    // wrong)
    assertThat(text).contains("逾期 1 天；已提醒 1 次，最近 5月16日 09:30");
    assertThat(htmlOf(digest))
        .contains(
            "尚未报送的单位", "科普工作委员会", "href=\"http://localhost:8080/board?campaign=" + CODE + "\"");

    // one per day: the same day's digest is not sent again, the next day's is
    clock("2023-05-16T12:00");
    runJobs();
    assertThat(mailsTo("hq01@example.org", "【催办汇总】")).hasSize(1);
  }
}
