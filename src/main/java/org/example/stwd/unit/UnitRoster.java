package org.example.stwd.unit;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.variable.Variables;
import org.example.stwd.core.CampaignRepository;
import org.example.stwd.core.CampaignRepository.CampaignInfo;
import org.example.stwd.core.CampaignUnitRepository;
import org.example.stwd.core.Phase;
import org.example.stwd.core.Unit;
import org.example.stwd.core.UnitDirectory;
import org.example.stwd.validation.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Which units a running campaign addresses, changed by HQ (docs/DIRECTORY.md): units added while
 * the plans are collected get their process, task and notice as one more start batch (the same
 * unit-batch process as at the distribution); a deactivated unit is withdrawn: its open collection
 * ends as cancelled, counted as settled (the settlement listener runs as the process is ended).
 */
@Service
public class UnitRoster {

  private static final Logger LOG = LoggerFactory.getLogger(UnitRoster.class);

  private final CampaignRepository campaigns;
  private final CampaignUnitRepository campaignUnits;
  private final UnitDirectory directory;
  private final RuntimeService runtime;
  private final TransactionTemplate transaction;

  public UnitRoster(
      CampaignRepository campaigns,
      CampaignUnitRepository campaignUnits,
      UnitDirectory directory,
      RuntimeService runtime,
      PlatformTransactionManager transactionManager) {
    this.campaigns = campaigns;
    this.campaignUnits = campaignUnits;
    this.directory = directory;
    this.runtime = runtime;
    this.transaction = new TransactionTemplate(transactionManager);
  }

  /** Adds active directory units to a campaign whose plans are being collected. */
  public List<String> add(String campaignCode, List<String> unitCodes, String by) {
    CampaignInfo campaign = campaign(campaignCode);
    if (runtime
            .createExecutionQuery()
            .processInstanceId(campaign.processInstanceId())
            .activityId("Task_WaitPlans")
            .count()
        == 0) {
      throw Refusal.conflict("“" + campaign.title() + "”当前不在收集活动方案，不能增加单位。");
    }
    List<String> problems = new ArrayList<>();
    List<Unit> units = new ArrayList<>();
    for (String code : new LinkedHashSet<>(unitCodes == null ? List.<String>of() : unitCodes)) {
      Unit unit = directory.find(code.strip()).orElse(null);
      if (unit == null) {
        problems.add("单位代码 " + code + " 不在单位名录中，或已停用");
      } else if (campaignUnits.find(campaignCode, unit.code()).isPresent()) {
        problems.add(unit.name() + "（" + unit.code() + "）已在本活动的发送范围内");
      } else {
        units.add(unit);
      }
    }
    if (units.isEmpty() && problems.isEmpty()) {
      problems.add("请至少选择一个要增加的单位");
    }
    if (!problems.isEmpty()) {
      throw Refusal.invalid(problems);
    }
    transaction.executeWithoutResult(
        status -> {
          int batchNo = campaignUnits.insertBatch(campaignCode, units);
          campaigns.addAddressed(campaignCode, units.size());
          runtime.startProcessInstanceByKey(
              UnitBatchLauncher.PROCESS_KEY,
              UnitBatchLauncher.businessKey(campaignCode, Phase.PLAN, batchNo),
              Variables.createVariables()
                  .putValue("campaignCode", campaignCode)
                  .putValue("campaignInstanceId", campaign.processInstanceId())
                  .putValue("phase", Phase.PLAN.name())
                  .putValue("batchNo", batchNo));
        });
    List<String> codes = units.stream().map(Unit::code).toList();
    LOG.info("Campaign {}: {} added units {}", campaignCode, by, codes);
    return codes;
  }

  /**
   * Withdraws a deactivated unit from a campaign: its open plan or summary collection ends as
   * cancelled and counts as settled.
   */
  public void withdraw(String campaignCode, String unitCode, String by) {
    campaign(campaignCode);
    if (campaignUnits.find(campaignCode, unitCode).isEmpty()) {
      throw Refusal.notFound("单位 " + unitCode + " 不在本活动的发送范围内。");
    }
    if (directory.find(unitCode).isPresent()) {
      throw Refusal.conflict("单位 " + unitCode + " 仍在单位名录中启用：请先在单位名录中停用它，再从活动中撤回。");
    }
    List<ProcessInstance> open = new ArrayList<>();
    for (Phase phase : Phase.values()) {
      open.addAll(
          runtime
              .createProcessInstanceQuery()
              .processDefinitionKey(phase.processKey())
              .processInstanceBusinessKey(Phase.businessKey(campaignCode, unitCode))
              .list());
    }
    if (open.isEmpty()) {
      throw Refusal.conflict("单位 " + unitCode + " 在本活动中没有进行中的报送，无需撤回。");
    }
    transaction.executeWithoutResult(
        status ->
            open.forEach(
                instance ->
                    // the collection's end listener settles the unit as CANCELLED
                    runtime.deleteProcessInstance(
                        instance.getId(), "单位已停用，由 " + by + " 从活动中撤回", false, true)));
    LOG.info("Campaign {}: {} withdrew unit {}", campaignCode, by, unitCode);
  }

  private CampaignInfo campaign(String code) {
    return campaigns.find(code).orElseThrow(() -> Refusal.notFound("没有编号为“" + code + "”的活动"));
  }
}
