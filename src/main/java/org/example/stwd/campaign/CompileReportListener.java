package org.example.stwd.campaign;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.example.stwd.validation.FormInput;
import org.springframework.stereotype.Component;

/**
 * Completion of 编制上报总结报告 (compile-report): the report's title and text; a new draft gets a fresh
 * approval.
 */
@Component("compileReportListener")
public class CompileReportListener implements TaskListener {

  @Override
  public void notify(DelegateTask task) {
    FormInput in = FormInput.of(task);
    in.requiredText("reportTitle", "报告标题", 200);
    in.requiredLines("reportText", "报告正文", 10000);
    in.optionalLines("reportAttachmentLinks", "附件链接", 2000);
    in.throwIfInvalid();
    task.removeVariable("reportDecision");
    task.removeVariable("reportComment");
  }
}
