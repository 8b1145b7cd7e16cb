package org.example.stwd.unit;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.variable.Variables;
import org.example.stwd.core.Phase;

/**
 * 启动单位方案流程 / 启动单位总结流程: starts one 单位流程启动批次 (unit-batch) instance per batch of units. Each batch's
 * job then starts the units' processes. The batches are process instances of their own, so their
 * jobs run in parallel: the job executor runs the jobs of one process instance one at a time, and
 * the batches of a multi-instance inside the campaign would all belong to the campaign's instance
 * (ADR 0004).
 */
public class UnitBatchLauncher implements JavaDelegate {

  static final String PROCESS_KEY = "unit-batch";

  private final Phase phase;
  private final String batchCountVariable;

  public UnitBatchLauncher(Phase phase, String batchCountVariable) {
    this.phase = phase;
    this.batchCountVariable = batchCountVariable;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String campaignCode = (String) execution.getVariable("campaignCode");
    int batches = ((Number) execution.getVariable(batchCountVariable)).intValue();
    RuntimeService runtime = execution.getProcessEngineServices().getRuntimeService();
    for (int batchNo = 0; batchNo < batches; batchNo++) {
      runtime.startProcessInstanceByKey(
          PROCESS_KEY,
          businessKey(campaignCode, phase, batchNo),
          Variables.createVariables()
              .putValue("campaignCode", campaignCode)
              .putValue("campaignInstanceId", execution.getProcessInstanceId())
              .putValue("phase", phase.name())
              .putValue("batchNo", batchNo));
    }
  }

  /** BENCH-2023:PLAN:7 — the campaign, the phase and the batch number. */
  static String businessKey(String campaignCode, Phase phase, int batchNo) {
    return campaignCode + ":" + phase.name() + ":" + batchNo;
  }
}
