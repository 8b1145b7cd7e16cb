package org.example.stwd.campaign;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.example.stwd.validation.FormInput;

/** A leaders' approval that only decides: approve, or return with a comment. */
public class DecisionListener implements TaskListener {

  private final String decisionVariable;
  private final String commentVariable;

  public DecisionListener(String decisionVariable, String commentVariable) {
    this.decisionVariable = decisionVariable;
    this.commentVariable = commentVariable;
  }

  @Override
  public void notify(DelegateTask task) {
    FormInput in = FormInput.of(task);
    in.decision(decisionVariable, "审批结果", commentVariable, "审批意见");
    in.throwIfInvalid();
  }
}
