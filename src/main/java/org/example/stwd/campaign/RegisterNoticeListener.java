package org.example.stwd.campaign;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.example.stwd.core.CampaignRepository;
import org.example.stwd.engine.EngineClock;
import org.example.stwd.support.JsonValues;
import org.example.stwd.validation.FormInput;
import org.example.stwd.validation.InvalidInputException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * Start of a campaign (start form register-notice): checks the notice, refuses a second campaign
 * with the same code, registers the campaign and makes its code the business key. Runs in the start
 * transaction, so a refusal leaves nothing behind.
 */
@Component("registerNoticeListener")
public class RegisterNoticeListener implements ExecutionListener {

  static final Pattern CODE = Pattern.compile("^[A-Z][A-Z0-9-]{2,31}$");

  private final CampaignRepository campaigns;

  public RegisterNoticeListener(CampaignRepository campaigns) {
    this.campaigns = campaigns;
  }

  @Override
  public void notify(DelegateExecution execution) {
    FormInput in = FormInput.of(execution);
    String code =
        in.pattern("campaignCode", "活动编号", CODE, "以大写字母开头，由大写字母、数字和连字符组成，3–32 位，如 STWD-2023");
    Integer year = in.integer("campaignYear", "活动年度", 2000, 2100, true);
    String title = in.requiredText("noticeTitle", "通知标题", 200);
    in.requiredText("noticeDocNumbers", "通知文号", 200);
    in.requiredText("noticeIssuers", "发文单位", 100);
    LocalDate issued = in.date("noticeIssueDate", "印发日期", true);
    String theme = in.requiredText("campaignTheme", "活动主题", 100);
    LocalDate windowStart = in.date("activityWindowStart", "活动开始日期", true);
    LocalDate windowEnd = in.date("activityWindowEnd", "活动结束日期", true);
    LocalDate upward = in.date("upwardDeadline", "向科协报送总结截止日期", true);
    String categoriesText = in.requiredLines("activityCategories", "活动类别", 2000);
    String noticeText = in.optionalLines("noticeText", "通知正文", 20000);
    String noticeLink = in.url("noticeLink", "原文链接", 500);

    if (windowStart != null && windowEnd != null) {
      in.check(!windowEnd.isBefore(windowStart), "「活动结束日期」不能早于「活动开始日期」");
    }
    if (windowEnd != null && upward != null) {
      in.check(!upward.isBefore(windowEnd), "「向科协报送总结截止日期」不能早于「活动结束日期」");
    }
    if (issued != null && windowEnd != null) {
      in.check(!windowEnd.isBefore(issued), "「活动结束日期」不能早于「印发日期」");
    }
    if (year != null && windowStart != null) {
      in.check(Math.abs(windowStart.getYear() - year) <= 1, "「活动年度」与活动日期不符");
    }
    in.check(noticeText != null || noticeLink != null, "「通知正文」和「原文链接」至少填写一项");
    List<String> categories = categories(categoriesText, in);
    in.throwIfInvalid();

    if (campaigns.exists(code)) {
      throw duplicate(code);
    }
    try {
      campaigns.insert(
          code, execution.getProcessInstanceId(), title, year, theme, upward, EngineClock.now());
    } catch (DuplicateKeyException e) {
      throw duplicate(code);
    }
    execution.setProcessBusinessKey(code);
    execution.setVariable("campaignTitle", title);
    List<Map<String, String>> options = new ArrayList<>();
    categories.forEach(c -> options.add(JsonValues.option(c, c)));
    execution.setVariable("activityCategoryOptions", JsonValues.options(options));
  }

  private static InvalidInputException duplicate(String code) {
    return new InvalidInputException("活动编号「" + code + "」已存在，不能重复登记同一活动");
  }

  /** One category per line: 1 to 20 distinct lines of at most 60 characters. */
  static List<String> categories(String text, FormInput in) {
    if (text == null) {
      return List.of();
    }
    Set<String> result = new LinkedHashSet<>();
    for (String line : text.split("\\R")) {
      String c = line.strip();
      if (c.isEmpty()) {
        continue;
      }
      if (c.length() > 60) {
        in.problem("活动类别「" + c.substring(0, 20) + "…」超过 60 字");
      }
      if (!result.add(c)) {
        in.problem("活动类别「" + c + "」重复");
      }
    }
    in.check(!result.isEmpty() && result.size() <= 20, "「活动类别」应为 1–20 个（每行一个）");
    return List.copyOf(result);
  }
}
