package org.example.stwd.campaign;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.example.stwd.core.Unit;
import org.example.stwd.core.UnitCategory;
import org.example.stwd.core.UnitDirectory;
import org.example.stwd.validation.FormInput;
import org.springframework.stereotype.Component;

/**
 * The rules of a forwarding notice (form draft-forwarding), checked when HQ completes the draft and
 * again when the leaders approve it, and the units it addresses.
 */
@Component
public class ForwardingRules {

  private final UnitDirectory directory;

  public ForwardingRules(UnitDirectory directory) {
    this.directory = directory;
  }

  /** The checked draft. */
  public record Forwarding(
      LocalDate planDeadline,
      LocalDate summaryDeadline,
      LocalDate upwardDeadline,
      LocalDate windowEnd,
      int reminderLeadDays,
      int graceDays,
      List<UnitCategory> categories,
      List<String> unitCodes) {}

  public Forwarding check(VariableScope scope, FormInput in) {
    in.requiredText("forwardingDocNumber", "学会发文文号", 100);
    in.requiredText("forwardingTitle", "转发通知标题", 200);
    List<UnitCategory> categories = new ArrayList<>();
    for (String code : in.stringList("targetCategories", "单位类别")) {
      UnitCategory.parse(code)
          .ifPresentOrElse(categories::add, () -> in.problem("未知的单位类别「" + code + "」"));
    }
    List<String> unitCodes = unitCodes(in.optionalLines("targetUnitCodes", "指定单位代码", 20000));
    List<String> unknown = directory.unknownCodes(unitCodes);
    in.check(unknown.isEmpty(), "以下单位代码不在单位名录中：" + String.join("、", unknown));
    LocalDate planDeadline = in.date("planDeadline", "方案报送截止日期", true);
    LocalDate summaryDeadline = in.date("summaryDeadline", "总结报送截止日期", true);
    Integer lead = in.integer("reminderLeadDays", "提前提醒天数", 1, 30, true);
    Integer grace = in.integer("graceDays", "逾期宽限天数", 1, 30, true);
    in.requiredText("contactName", "联系人", 50);
    in.requiredText("contactPhone", "联系电话", 50);
    in.email("contactEmail", "电子邮箱", true);
    in.optionalLines("forwardingNote", "补充说明", 2000);

    FormInput notice = FormInput.of(scope);
    LocalDate issued = notice.date("noticeIssueDate", "印发日期", true);
    LocalDate windowEnd = notice.date("activityWindowEnd", "活动结束日期", true);
    LocalDate upward = notice.date("upwardDeadline", "向科协报送总结截止日期", true);
    if (planDeadline != null && issued != null) {
      in.check(!planDeadline.isBefore(issued), "「方案报送截止日期」不能早于通知印发日期 " + issued);
    }
    if (planDeadline != null && summaryDeadline != null) {
      in.check(summaryDeadline.isAfter(planDeadline), "「总结报送截止日期」应晚于「方案报送截止日期」");
    }
    if (summaryDeadline != null && windowEnd != null) {
      in.check(!summaryDeadline.isBefore(windowEnd), "「总结报送截止日期」不能早于活动结束日期 " + windowEnd);
    }
    if (summaryDeadline != null && upward != null) {
      in.check(!summaryDeadline.isAfter(upward), "「总结报送截止日期」不能晚于向科协报送总结截止日期 " + upward);
      if (grace != null) {
        in.check(
            !summaryDeadline.plusDays(grace).isAfter(upward),
            "总结截止日期加逾期宽限天数（" + summaryDeadline.plusDays(grace) + "）不能晚于向科协报送总结截止日期 " + upward);
      }
    }
    if (in.isValid()) {
      in.check(!directory.resolve(categories, unitCodes).isEmpty(), "发送范围内没有任何单位：请选择单位类别或指定单位代码");
    }
    return new Forwarding(
        planDeadline,
        summaryDeadline,
        upward,
        windowEnd,
        lead == null ? 0 : lead,
        grace == null ? 0 : grace,
        categories,
        unitCodes);
  }

  public List<Unit> recipients(Forwarding forwarding) {
    return directory.resolve(forwarding.categories(), forwarding.unitCodes());
  }

  static List<String> unitCodes(String text) {
    if (text == null) {
      return List.of();
    }
    return Arrays.stream(text.split("[\\s,，、;；]+"))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .distinct()
        .toList();
  }
}
