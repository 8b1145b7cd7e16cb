package org.example.stwd.config;

import java.time.Duration;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Typed settings of the product ({@code stwd.*}).
 *
 * @param timeZone the society's time zone: deadlines are calendar dates in this zone
 * @param reminderHour local hour at which reminders and overdue notices go out
 * @param unitBatchSize how many unit processes one async job starts
 * @param baseUrl public URL of this application, used in e-mail links to Tasklist
 * @param mailFrom sender address of all mail
 * @param societyName name of the society, used in mail
 * @param urgeQuietPeriod a unit urged by hand within this period is not urged again
 * @param digestMaxRows at most this many units are listed by name in HQ's daily digest
 * @param loginCacheTtl how long a verified HTTP Basic login of a REST client is remembered (0s:
 *     never)
 * @param campaignValuesTtl how long the campaign's values read for a unit's mail, check or page are
 *     remembered (0s: never)
 * @param outcomeMailWindow how long a batch of review outcome mails collects reviews before it is
 *     sent
 * @param reviewTime HQ's review of a submission is due this long after it arrived (Tasklist's 已逾期
 *     filter, the digest's overdue reviews, the review queue)
 * @param unitPage the unit page's sign-in links and limits
 * @param attachments limits of the files units attach (docs/ATTACHMENTS.md)
 */
@ConfigurationProperties("stwd")
public record StwdProperties(
    @DefaultValue("Asia/Shanghai") ZoneId timeZone,
    @DefaultValue("9") int reminderHour,
    @DefaultValue("100") int unitBatchSize,
    @DefaultValue("http://localhost:8080") String baseUrl,
    @DefaultValue("stwd-noreply@example.org") String mailFrom,
    @DefaultValue("学会秘书处") String societyName,
    @DefaultValue("PT24H") Duration urgeQuietPeriod,
    @DefaultValue("300") int digestMaxRows,
    @DefaultValue("PT60S") Duration loginCacheTtl,
    @DefaultValue("PT60S") Duration campaignValuesTtl,
    @DefaultValue("PT10S") Duration outcomeMailWindow,
    @DefaultValue("P3D") Duration reviewTime,
    @DefaultValue UnitPage unitPage,
    @DefaultValue Attachments attachments) {

  /**
   * Settings of the unit page ({@code stwd.unit-page.*}).
   *
   * @param linkValidity how long a sign-in link in a mail works; empty (the default): until the
   *     grace period of the mail's phase ends, and at least {@code linkMinimumValidity}
   * @param linkMinimumValidity the least a link works, also after the phase's grace (outcome mails)
   * @param requestedLinkValidity how long a link that a contact asked for by e-mail works
   * @param signInAttempts sign-in attempts allowed per client address and account in the window
   * @param signInWindow the window of {@code signInAttempts}
   */
  public record UnitPage(
      Duration linkValidity,
      @DefaultValue("P14D") Duration linkMinimumValidity,
      @DefaultValue("PT24H") Duration requestedLinkValidity,
      @DefaultValue("10") int signInAttempts,
      @DefaultValue("PT1M") Duration signInWindow) {}

  /**
   * Limits of attachments ({@code stwd.attachments.*}).
   *
   * @param maxFileSize the largest file a unit (or HQ) may upload
   * @param maxTotalSize the most a unit may attach to one phase (plan or summary) of a campaign
   * @param maxCount the most files a unit may attach to one phase of a campaign
   * @param phases the phases that take attachments ({@code PLAN}, {@code SUMMARY})
   * @param sweepInterval how often files whose process history was removed are deleted
   */
  public record Attachments(
      @DefaultValue("50MB") org.springframework.util.unit.DataSize maxFileSize,
      @DefaultValue("200MB") org.springframework.util.unit.DataSize maxTotalSize,
      @DefaultValue("20") int maxCount,
      @DefaultValue({"PLAN", "SUMMARY"}) java.util.Set<String> phases,
      @DefaultValue("PT1H") Duration sweepInterval) {}

  public String unitPageUrl() {
    return baseUrl + "/unit/";
  }

  public String signInUrl(String token) {
    return baseUrl + "/unit/signin#t=" + token;
  }

  public String tasklistTaskUrl(String taskId) {
    return baseUrl + "/camunda/app/tasklist/default/#/?task=" + taskId;
  }

  public String tasklistUrl() {
    return baseUrl + "/camunda/app/tasklist/default/";
  }
}
