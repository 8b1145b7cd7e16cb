package org.example.stwd.campaign;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.example.stwd.core.ActivityRepository;
import org.example.stwd.core.CampaignRepository;
import org.example.stwd.core.CampaignUnitRepository;
import org.example.stwd.support.JsonValues;
import org.example.stwd.support.Markdown;
import org.example.stwd.validation.FormInput;

/** Completion listeners of the upward report and commendation tasks of campaign.bpmn. */
@Configuration
public class ReportListeners {

  @Bean
  public TaskListener compileReportListener() {
    return task -> {
      FormInput in = FormInput.of(task);
      in.requiredText("reportTitle", "报告标题", 200);
      in.requiredLines("reportText", "报告正文", 10000);
      in.optionalLines("reportAttachmentLinks", "附件链接", 2000);
      in.throwIfInvalid();
      task.removeVariable("reportDecision");
      task.removeVariable("reportComment");
    };
  }

  @Bean
  public TaskListener approveReportListener() {
    return new DecisionListener("reportDecision", "reportComment");
  }

  @Bean
  public TaskListener recordReportSentListener(CampaignRepository campaigns) {
    return task -> {
      FormInput in = FormInput.of(task);
      var sentOn = in.date("reportSentDate", "报送日期", true);
      in.choice("reportSentChannel", "报送方式", List.of("CAST_PLATFORM", "EMAIL", "OFFICIAL_DOCUMENT"));
      in.optionalLines("reportSentNote", "备注", 1000);
      in.throwIfInvalid();
      campaigns.setReportSent((String) task.getVariable("campaignCode"), sentOn);
    };
  }

  @Bean
  public TaskListener nominateCommendationListener(CampaignUnitRepository campaignUnits, ActivityRepository activities) {
    return task -> {
      String code = (String) task.getVariable("campaignCode");
      FormInput in = FormInput.of(task);
      Map<String, String> unitOptions = options(task.getVariable("participatingUnitOptions"));
      Map<String, String> activityOptions = options(task.getVariable("commendableActivityOptions"));
      List<String> units = in.stringList("nominatedUnitCodes", "优秀组织单位");
      List<String> acts = in.stringList("nominatedActivityIds", "特色活动");
      in.check(unitOptions.keySet().containsAll(units), "推荐的单位须为总结已通过的参加单位");
      in.check(activityOptions.keySet().containsAll(acts), "推荐的活动须为参加单位的活动");
      in.check(!(units.isEmpty() && acts.isEmpty()) || (unitOptions.isEmpty() && activityOptions.isEmpty()),
          "请至少推荐一个优秀组织单位或一项特色活动");
      in.requiredLines("nominationReason", "推荐理由", 2000);
      List<Long> ids = ActivityIds.parse(acts, in);
      in.throwIfInvalid();
      task.removeVariable("nominationDecision");
      task.removeVariable("nominationComment");
      campaignUnits.setFlag(code, units, "nominated");
      activities.setFlag(code, ids, "nominated");
      StringBuilder md = new StringBuilder("**推荐优秀组织单位（" + units.size() + "）：**\n\n");
      units.forEach(u -> md.append("- ").append(Markdown.escape(unitOptions.get(u))).append("\n"));
      md.append("\n**推荐特色活动（").append(acts.size()).append("）：**\n\n");
      acts.forEach(a -> md.append("- ").append(Markdown.escape(activityOptions.get(a))).append("\n"));
      md.append("\n**推荐理由：** ").append(Markdown.escape((String) task.getVariable("nominationReason"))).append("\n");
      task.setVariable("nominationText", md.toString());
      task.setVariable("nominatedUnitOptions", JsonValues.options(subset(unitOptions, units)));
      task.setVariable("nominatedActivityOptions", JsonValues.options(subset(activityOptions, acts)));
    };
  }

  @Bean
  public TaskListener approveNominationListener() {
    return new DecisionListener("nominationDecision", "nominationComment");
  }

  @Bean
  public TaskListener recordCommendationListener(CampaignUnitRepository campaignUnits, ActivityRepository activities, CampaignRepository campaigns) {
    return task -> {
      String code = (String) task.getVariable("campaignCode");
      FormInput in = FormInput.of(task);
      String doc = in.requiredText("commendationDocNumber", "表扬文件文号", 100);
      in.date("commendationDate", "表扬日期", true);
      Set<String> nominatedUnits = options(task.getVariable("nominatedUnitOptions")).keySet();
      Set<String> nominatedActs = options(task.getVariable("nominatedActivityOptions")).keySet();
      List<String> units = in.stringList("commendedUnitCodes", "受表扬单位");
      List<String> acts = in.stringList("commendedActivityIds", "受表扬活动");
      in.check(nominatedUnits.containsAll(units), "受表扬单位须为已推荐的单位");
      in.check(nominatedActs.containsAll(acts), "受表扬活动须为已推荐的活动");
      in.optionalLines("commendationNote", "备注", 1000);
      List<Long> ids = ActivityIds.parse(acts, in);
      in.throwIfInvalid();
      campaignUnits.setFlag(code, units, "commended");
      activities.setFlag(code, ids, "commended");
      campaigns.setCommendation(code, doc);
    };
  }

  /** value → label of a Json options variable. */
  static Map<String, String> options(Object variable) {
    List<Object> list = JsonValues.toList(variable);
    if (list == null) {
      return Map.of();
    }
    return list.stream()
        .map(o -> (Map<?, ?>) o)
        .collect(Collectors.toMap(m -> String.valueOf(m.get("value")), m -> String.valueOf(m.get("label")), (a, b) -> a, java.util.LinkedHashMap::new));
  }

  static List<Map<String, String>> subset(Map<String, String> options, List<String> values) {
    List<Map<String, String>> result = new ArrayList<>();
    values.forEach(v -> result.add(JsonValues.option(options.get(v), v)));
    return result;
  }
}
