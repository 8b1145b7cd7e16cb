package org.example.stwd.campaign;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.example.stwd.validation.FormInput;
import org.springframework.stereotype.Component;

/** Completion of 起草转发通知 (draft-forwarding): the draft must satisfy {@link ForwardingRules}. */
@Component("draftForwardingListener")
public class DraftForwardingListener implements TaskListener {

  private final ForwardingRules rules;

  public DraftForwardingListener(ForwardingRules rules) {
    this.rules = rules;
  }

  @Override
  public void notify(DelegateTask task) {
    FormInput in = FormInput.of(task);
    rules.check(task, in);
    in.throwIfInvalid();
    // Tasklist pre-fills forms from variables: the leaders' next review must not start from the old
    // RETURN
    task.removeVariable("forwardingDecision");
    task.removeVariable("forwardingComment");
  }
}
