package org.example.stwd.core;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * Names every task after what it is about, so that a list of tasks in Tasklist tells which unit and
 * which campaign each one concerns: "提交活动方案 · 青年工作委员会 · STWD-2023".
 */
@Component("taskLabelListener")
public class TaskLabelListener implements TaskListener {

  @Override
  public void notify(DelegateTask task) {
    String campaignCode = (String) task.getVariable("campaignCode");
    String unitName = (String) task.getVariable("unitName");
    String title = (String) task.getVariable("campaignTitle");
    String base = task.getName();
    task.setName(
        unitName == null
            ? base + " · " + campaignCode
            : base + " · " + unitName + " · " + campaignCode);
    task.setDescription(unitName == null ? title : unitName + "：" + title);
  }
}
