package org.example.stwd.notify;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.example.stwd.core.Phase;
import org.springframework.stereotype.Component;

/**
 * Completion of a unit's 提交活动方案 / 提交活动总结: an urge HQ sent that has not reached the unit yet is
 * marked as not carried out. The urge's message event waits on the submit task only (ADR 0014), so
 * once the unit has submitted, the engine's batch has nothing left to correlate it with and no mail
 * will go out for it; the unit's timeline says so instead of showing it pending forever.
 */
@Component("lapsePendingUrges")
public class UrgeLapseListener implements TaskListener {

  private final UrgeRepository urges;

  public UrgeLapseListener(UrgeRepository urges) {
    this.urges = urges;
  }

  @Override
  public void notify(DelegateTask task) {
    urges.lapsePending(
        (String) task.getVariable("campaignCode"),
        (String) task.getVariable("unitCode"),
        Phase.of(task.getExecution()),
        "催办送达前单位已提交，该次催办邮件未发送");
  }
}
