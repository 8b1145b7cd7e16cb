package org.example.stwd.review;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.example.stwd.core.Phase;
import org.example.stwd.engine.Callers;
import org.example.stwd.security.HqPages;
import org.example.stwd.validation.Refusal;
import org.example.stwd.web.ApiErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The review queue ({@code /review}) and its API, for HQ (the {@code /api} filter lets only {@code
 * hq-office} and admins through):
 *
 * <ul>
 *   <li>{@code GET /api/campaigns/{code}/reviews?phase=PLAN|SUMMARY&offset=&limit=}: a page of the
 *       open reviews, oldest first;
 *   <li>{@code GET /api/campaigns/{code}/reviews/{taskId}}: one review in full;
 *   <li>{@code POST /api/campaigns/{code}/reviews/{taskId}} {@code {"decision": "APPROVE"|"RETURN",
 *       "comment"}}: the decision;
 *   <li>{@code POST /api/campaigns/{code}/reviews/approve} {@code {"taskIds": [..]}}: approves the
 *       selected reviews, each reported.
 * </ul>
 */
@RestController
public class ReviewController {

  private static final Logger LOG = LoggerFactory.getLogger(ReviewController.class);
  private static final Set<String> DECISION_FIELDS = Set.of("decision", "comment");

  private final ReviewQueue queue;
  private final ReviewDecisions decisions;
  private final Callers callers;
  private final HqPages pages;

  public ReviewController(
      ReviewQueue queue, ReviewDecisions decisions, Callers callers, HqPages pages) {
    this.queue = queue;
    this.decisions = decisions;
    this.callers = callers;
    this.pages = pages;
  }

  @GetMapping({"/review", "/review/"})
  public ResponseEntity<String> page(HttpServletRequest request) throws IOException {
    return pages.serve(request, "review/index.html", "审核队列");
  }

  @GetMapping("/api/campaigns/{code}/reviews")
  public Map<String, Object> queue(
      @PathVariable String code,
      @RequestParam(defaultValue = "PLAN") String phase,
      @RequestParam(defaultValue = "0") int offset,
      @RequestParam(defaultValue = "50") int limit) {
    return queue.page(code, phase(phase), offset, limit);
  }

  @GetMapping("/api/campaigns/{code}/reviews/{taskId}")
  public Map<String, Object> review(@PathVariable String code, @PathVariable String taskId) {
    return queue.detail(code, taskId);
  }

  @PostMapping("/api/campaigns/{code}/reviews/{taskId}")
  public Map<String, Object> decide(
      @PathVariable String code,
      @PathVariable String taskId,
      @RequestBody Map<String, Object> body,
      HttpServletRequest request) {
    Callers.Caller caller = caller(request);
    if (body == null || !DECISION_FIELDS.containsAll(body.keySet())) {
      throw Refusal.invalid(List.of("审核只接受 decision（APPROVE 或 RETURN）和 comment（审核意见）两项"));
    }
    ReviewDecisions.Decision decision = decision(body.get("decision"));
    Object comment = body.get("comment");
    if (comment != null && !(comment instanceof String)) {
      throw Refusal.invalid(List.of("审核意见应为文字"));
    }
    decisions.decide(caller.userId(), caller.groups(), code, taskId, decision, (String) comment);
    return Map.of(
        "message",
        decision == ReviewDecisions.Decision.APPROVE
            ? "已通过。结果通知邮件将在一分钟内发给该单位。"
            : "已退回修改。退回通知和您的意见将在一分钟内发给该单位。");
  }

  @PostMapping("/api/campaigns/{code}/reviews/approve")
  public Map<String, Object> approveAll(
      @PathVariable String code,
      @RequestBody Map<String, Object> body,
      HttpServletRequest request) {
    Callers.Caller caller = caller(request);
    if (body == null
        || !Set.of("taskIds").containsAll(body.keySet())
        || !(body.get("taskIds") instanceof List<?> ids)
        || !ids.stream().allMatch(String.class::isInstance)) {
      throw Refusal.invalid(List.of("请求应为 {\"taskIds\": [审核任务编号, …]}"));
    }
    @SuppressWarnings("unchecked")
    List<String> taskIds = (List<String>) body.get("taskIds");
    List<ReviewDecisions.Outcome> outcomes =
        decisions.approveAll(caller.userId(), caller.groups(), code, taskIds);
    long done = outcomes.stream().filter(ReviewDecisions.Outcome::done).count();
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("approved", done);
    answer.put("notApproved", outcomes.size() - done);
    answer.put(
        "message",
        done == outcomes.size()
            ? "已通过 " + done + " 项。结果通知邮件将在一分钟内发给各单位。"
            : "已通过 " + done + " 项，" + (outcomes.size() - done) + " 项未通过（原因见各项）。");
    answer.put("outcomes", outcomes);
    return answer;
  }

  /** A refusal or an engine error as the user's Chinese answer; a fault stays in the log. */
  @ExceptionHandler(RuntimeException.class)
  public ResponseEntity<Map<String, Object>> refused(RuntimeException e) {
    return ApiErrors.answer(e, LOG, "A review request");
  }

  private Callers.Caller caller(HttpServletRequest request) {
    return callers.of(request).orElseThrow(() -> Refusal.invalid(List.of("请先登录。")));
  }

  static Phase phase(String value) {
    try {
      return Phase.valueOf(value);
    } catch (IllegalArgumentException e) {
      throw Refusal.invalid(List.of("phase 只能是 PLAN（活动方案）或 SUMMARY（活动总结），收到“" + value + "”"));
    }
  }

  static ReviewDecisions.Decision decision(Object value) {
    if (value == null) {
      return null;
    }
    try {
      return ReviewDecisions.Decision.valueOf(String.valueOf(value));
    } catch (IllegalArgumentException e) {
      throw Refusal.invalid(List.of("审核结果只能是 APPROVE（通过）或 RETURN（退回修改），收到“" + value + "”"));
    }
  }
}
