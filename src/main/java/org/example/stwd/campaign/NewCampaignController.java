package org.example.stwd.campaign;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.example.stwd.engine.Callers;
import org.example.stwd.security.HqPages;
import org.example.stwd.validation.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * HQ starts a campaign on its 发起活动 page ({@code /campaigns/new}): proposals from the pasted notice,
 * next year's values from a previous campaign, and the start itself through the start form.
 */
@RestController
public class NewCampaignController {

  private static final Logger LOG = LoggerFactory.getLogger(NewCampaignController.class);

  private final NewCampaigns campaigns;
  private final HqPages pages;
  private final Callers callers;

  public NewCampaignController(NewCampaigns campaigns, HqPages pages, Callers callers) {
    this.campaigns = campaigns;
    this.pages = pages;
    this.callers = callers;
  }

  @GetMapping({"/campaigns/new", "/campaigns/new/"})
  public ResponseEntity<String> page(HttpServletRequest request) throws IOException {
    return pages.serve(request, "campaigns/new.html", "发起活动");
  }

  /** {@code {"text"}} → {@code {"proposals": {field: {value, excerpt}}, "missing": [field]}}. */
  @PostMapping("/api/notice-proposals")
  public Map<String, Object> proposals(@RequestBody Map<String, String> body) {
    String text = body == null ? null : body.get("text");
    if (text == null || text.isBlank()) {
      throw Refusal.invalid(List.of("请粘贴通知全文。"));
    }
    if (text.length() > 100_000) {
      throw Refusal.invalid(List.of("通知全文超过 10 万字，请只粘贴通知本身。"));
    }
    Map<String, NoticeProposals.Proposal> found = NoticeProposals.of(text);
    return Map.of("proposals", found, "missing", NoticeProposals.missing(found));
  }

  @GetMapping("/api/campaigns/{code}/next-year")
  public Map<String, Object> nextYear(@PathVariable String code) {
    return campaigns.nextYear(code);
  }

  /** {@code {"previousCampaignCode", "variables": {the start form's fields}}}. */
  @PostMapping("/api/campaigns")
  @SuppressWarnings("unchecked")
  public Map<String, Object> start(
      @RequestBody Map<String, Object> body, HttpServletRequest request) {
    Callers.Caller caller =
        callers.of(request).orElseThrow(() -> Refusal.invalid(List.of("请先登录。")));
    Object variables = body == null ? null : body.get("variables");
    if (!(variables instanceof Map<?, ?>)) {
      throw Refusal.invalid(List.of("请求内容应包含启动表单的字段（variables）。"));
    }
    Object previous = body.get("previousCampaignCode");
    return campaigns.start(
        caller.userId(),
        caller.groups(),
        (Map<String, Object>) variables,
        previous instanceof String s ? s : null);
  }

  /** The start form's rules refused (in Chinese, with the status); a fault stays in the log. */
  @ExceptionHandler(RuntimeException.class)
  public ResponseEntity<Map<String, Object>> refused(RuntimeException e) {
    return org.example.stwd.web.ApiErrors.answer(e, LOG, "Starting a campaign");
  }
}
