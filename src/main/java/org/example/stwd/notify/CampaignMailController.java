package org.example.stwd.notify;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A campaign's mails for HQ (the board's 邮件发送 block): {@code GET /api/campaigns/{code}/mails} the
 * figures (delivered, failed, uncertain, failed jobs, incidents), {@code POST
 * /api/campaigns/{code}/mails/retry} retries every failed mail of the campaign now.
 */
@RestController
@RequestMapping("/api/campaigns/{campaignCode}/mails")
public class CampaignMailController {

  private final MailRetries retries;

  public CampaignMailController(MailRetries retries) {
    this.retries = retries;
  }

  @GetMapping
  public MailRetries.Status status(@PathVariable String campaignCode) {
    return retries.status(campaignCode);
  }

  @PostMapping("/retry")
  public MailRetries.Retried retry(@PathVariable String campaignCode, HttpServletRequest http) {
    return retries.retryNow(campaignCode, http.getRemoteUser());
  }
}
