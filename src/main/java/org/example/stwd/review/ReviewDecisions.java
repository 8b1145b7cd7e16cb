package org.example.stwd.review;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.example.stwd.core.Phase;
import org.example.stwd.validation.Refusal;
import org.example.stwd.web.UserErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * HQ's decisions from the review queue. Each one is the review task's own completion, as Tasklist
 * makes it: the reviewer claims the task and submits its form ({@code planDecision}, {@code
 * planReviewComment}) under their own login, so the engine's authorizations, the review form's
 * rules (ReviewListener), the outcome mail, the counters and the history are those of a review in
 * Tasklist. Several approvals run one after the other, each in a transaction of its own: one that a
 * colleague got to first is reported and the others go through.
 */
@Service
public class ReviewDecisions {

  private static final Logger LOG = LoggerFactory.getLogger(ReviewDecisions.class);

  /** At most this many approvals in one request. */
  static final int MAX_BATCH = 500;

  /** approve, or return with a comment. */
  public enum Decision {
    APPROVE,
    RETURN
  }

  /** What became of one review of a batch. */
  public record Outcome(String taskId, boolean done, int status, String message) {}

  private final ReviewQueue queue;
  private final TaskService tasks;
  private final FormService forms;
  private final IdentityService identity;
  private final TransactionTemplate transaction;

  public ReviewDecisions(
      ReviewQueue queue,
      TaskService tasks,
      FormService forms,
      IdentityService identity,
      PlatformTransactionManager transactionManager) {
    this.queue = queue;
    this.tasks = tasks;
    this.forms = forms;
    this.identity = identity;
    this.transaction = new TransactionTemplate(transactionManager);
  }

  /** One decision; a refusal (4xx) says why it was not made. */
  public void decide(
      String userId,
      List<String> groups,
      String campaignCode,
      String taskId,
      Decision decision,
      String comment) {
    String text = comment == null ? null : comment.strip();
    List<String> problems = new ArrayList<>();
    if (decision == null) {
      problems.add("审核结果：请选择“通过”或“退回修改”");
    }
    if (text != null && text.length() > 1000) {
      problems.add("审核意见：不能超过 1000 字（现为 " + text.length() + " 字）");
    }
    if (decision == Decision.RETURN && (text == null || text.isEmpty())) {
      problems.add("审核意见：退回修改时必须写明需要修改的内容和要求");
    }
    if (!problems.isEmpty()) {
      throw Refusal.invalid(problems);
    }
    try {
      decideInTransaction(userId, groups, campaignCode, taskId, decision, text);
    } catch (Refusal refused) {
      throw refused;
    } catch (RuntimeException e) {
      // a fault on a task that a colleague completed meanwhile is the race they won, however the
      // engine put it
      if (UserErrors.of(e).fault() && tasks.createTaskQuery().taskId(taskId).count() == 0) {
        Refusal lost = Refusal.conflict("该审核任务刚由同事办理完毕，您的审核未执行。请刷新审核队列。");
        lost.initCause(e);
        throw lost;
      }
      throw e;
    }
  }

  private void decideInTransaction(
      String userId,
      List<String> groups,
      String campaignCode,
      String taskId,
      Decision decision,
      String text) {
    transaction.executeWithoutResult(
        status -> {
          identity.setAuthentication(userId, groups);
          try {
            Task task = queue.openReview(campaignCode, taskId);
            if (task.getAssignee() != null && !task.getAssignee().equals(userId)) {
              throw Refusal.conflict(
                  "该审核任务已由 " + task.getAssignee() + " 认领，由其办理；如需改由您审核，请其在任务列表中退回认领。");
            }
            if (task.getAssignee() == null) {
              tasks.claim(taskId, userId);
            }
            Phase phase = Phase.ofProcessKey(queue.processKeyOf(task));
            Map<String, Object> variables = new LinkedHashMap<>();
            variables.put(phase.variable("Decision"), decision.name());
            // as the review form submits it: an empty comment is "", which replaces the comment of
            // an earlier return
            variables.put(phase.variable("ReviewComment"), text == null ? "" : text);
            forms.submitTaskForm(taskId, variables);
          } finally {
            identity.clearAuthentication();
          }
        });
  }

  /** Approves each of the reviews; every one is reported, done or not and why. */
  public List<Outcome> approveAll(
      String userId, List<String> groups, String campaignCode, List<String> taskIds) {
    if (taskIds == null || taskIds.isEmpty()) {
      throw Refusal.invalid(List.of("请至少选择一项待审核的报送"));
    }
    if (taskIds.size() > MAX_BATCH) {
      throw Refusal.invalid(List.of("一次最多批量通过 " + MAX_BATCH + " 项，本次选择了 " + taskIds.size() + " 项"));
    }
    List<Outcome> outcomes = new ArrayList<>();
    for (String taskId : new LinkedHashSet<>(taskIds)) {
      try {
        decide(userId, groups, campaignCode, taskId, Decision.APPROVE, null);
        outcomes.add(new Outcome(taskId, true, 200, "已通过"));
      } catch (Refusal refused) {
        outcomes.add(new Outcome(taskId, false, status(refused), refused.getMessage()));
      } catch (RuntimeException e) {
        UserErrors.UserError error = UserErrors.of(e);
        if (error.fault()) {
          LOG.error("Approving review task {} failed", taskId, e);
        }
        outcomes.add(new Outcome(taskId, false, error.status(), error.message()));
      }
    }
    return outcomes;
  }

  private static int status(Refusal refused) {
    return switch (refused.reason()) {
      case INVALID -> 400;
      case NOT_FOUND -> 404;
      case CONFLICT -> 409;
      case TOO_LARGE -> 413;
    };
  }
}
