package org.example.stwd.notify;

import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.example.stwd.core.CampaignRepository;
import org.example.stwd.engine.EngineClock;
import org.example.stwd.validation.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * A campaign's mails as HQ sees them on the board (delivered, failed, uncertain) and HQ's one
 * action for the failed ones: "retry now". A mail step that failed waits for its retry cycle
 * (R3/PT5M), and one that used up its retries is an incident; after an SMTP outage HQ should not
 * have to wait five minutes or retry each incident in Cockpit. Retrying gives each failed job of
 * the campaign's processes (the campaign, its start batches, its units, its outcome batches: in
 * this product those are the mail steps and the start batches) its retries back and makes it due
 * now, so the job executor of any node runs it within its next acquisition (a few seconds). Each
 * mail is sent once per idempotency key, so a retry sends only what has not gone out.
 */
@Service
public class MailRetries {

  private static final Logger LOG = LoggerFactory.getLogger(MailRetries.class);

  /** Retries a job gets back: its whole retry cycle (R3). */
  static final int RETRIES = 3;

  /** The board's mail figures and what waits for a retry. */
  public record Status(
      String campaignCode,
      long delivered,
      long failed,
      long uncertain,
      long sending,
      int failedJobs,
      int incidents) {}

  /** What "retry now" did. */
  public record Retried(String campaignCode, int jobs, String message) {}

  private final CampaignRepository campaigns;
  private final MailLog mailLog;
  private final ManagementService management;
  private final RuntimeService runtime;

  public MailRetries(
      CampaignRepository campaigns,
      MailLog mailLog,
      ManagementService management,
      RuntimeService runtime) {
    this.campaigns = campaigns;
    this.mailLog = mailLog;
    this.management = management;
    this.runtime = runtime;
  }

  public Status status(String campaignCode) {
    known(campaignCode);
    MailLog.Figures figures = mailLog.figures(campaignCode);
    List<Job> failed = failedJobs(campaignCode);
    return new Status(
        campaignCode,
        figures.delivered(),
        figures.failed(),
        figures.uncertain(),
        figures.sending(),
        failed.size(),
        (int) failed.stream().filter(j -> j.getRetries() == 0).count());
  }

  /** Every failed job of the campaign gets its retries back and is due now. */
  public Retried retryNow(String campaignCode, String by) {
    known(campaignCode);
    List<Job> failed = failedJobs(campaignCode);
    Date now = Date.from(EngineClock.now());
    for (Job job : failed) {
      // retries first: for a job with an incident this resolves the incident
      management.setJobRetries(job.getId(), RETRIES);
      management.setJobDuedate(job.getId(), now);
    }
    LOG.info("{} retried {} failed job(s) of campaign {} now", by, failed.size(), campaignCode);
    return new Retried(
        campaignCode,
        failed.size(),
        failed.isEmpty()
            ? "活动“" + campaignCode + "”没有发送失败待重试的邮件。"
            : "已安排立即重试 " + failed.size() + " 个发送失败的邮件任务，几秒钟内开始发送；已发出的邮件不会重复发送。");
  }

  /**
   * The failed jobs (with an exception, retries left or not) of the campaign's processes: business
   * key the campaign's code, or the code followed by ':' (units, start batches) or '#' (outcome
   * batches). Failed jobs are few, so they are read first and their processes after.
   */
  private List<Job> failedJobs(String campaignCode) {
    List<Job> failed = management.createJobQuery().withException().list();
    if (failed.isEmpty()) {
      return List.of();
    }
    Set<String> instanceIds = new HashSet<>();
    failed.forEach(
        j -> {
          if (j.getProcessInstanceId() != null) {
            instanceIds.add(j.getProcessInstanceId());
          }
        });
    if (instanceIds.isEmpty()) {
      return List.of();
    }
    Set<String> ofCampaign = new HashSet<>();
    for (ProcessInstance instance :
        runtime.createProcessInstanceQuery().processInstanceIds(instanceIds).list()) {
      String key = instance.getBusinessKey();
      if (key != null
          && (key.equals(campaignCode)
              || key.startsWith(campaignCode + ":")
              || key.startsWith(campaignCode + "#"))) {
        ofCampaign.add(instance.getId());
      }
    }
    return failed.stream().filter(j -> ofCampaign.contains(j.getProcessInstanceId())).toList();
  }

  private void known(String campaignCode) {
    if (!campaigns.exists(campaignCode)) {
      throw Refusal.notFound("没有编号为“" + campaignCode + "”的活动");
    }
  }
}
