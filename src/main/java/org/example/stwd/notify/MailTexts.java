package org.example.stwd.notify;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.example.stwd.core.PlannedActivity;

/**
 * Subjects and value formatting of the mails; the bodies are the templates under templates/mail/.
 */
public final class MailTexts {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("M月d日 HH:mm");

  private MailTexts() {}

  /** A local date as the notices write it: 2023年5月15日. */
  public static String date(LocalDate date) {
    return date.getYear() + "年" + date.getMonthValue() + "月" + date.getDayOfMonth() + "日";
  }

  /** A moment as local time, e.g. 5月16日 09:00. */
  public static String time(Instant instant, ZoneId zone) {
    return instant == null ? null : TIME.format(instant.atZone(zone));
  }

  /** An activity as the templates list it: name, dates, place. */
  public static Map<String, Object> activity(PlannedActivity a) {
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("name", a.name());
    item.put("dates", dates(a.startDate(), a.endDate()));
    item.put("place", a.place());
    return item;
  }

  public static List<Map<String, Object>> activities(List<PlannedActivity> activities) {
    return activities.stream().map(MailTexts::activity).toList();
  }

  static String dates(LocalDate start, LocalDate end) {
    if (end == null || end.equals(start)) {
      return date(start);
    }
    return date(start)
        + "至"
        + (end.getYear() == start.getYear()
            ? end.getMonthValue() + "月" + end.getDayOfMonth() + "日"
            : date(end));
  }

  public static String subject(
      MailKind kind,
      String society,
      String title,
      String phaseLabel,
      String deadline,
      long daysOverdue) {
    return switch (kind) {
      case NOTICE -> "【" + society + "】" + title + "（请于" + deadline + "前报送活动方案）";
      case SUMMARY_REQUEST -> "【" + society + "】请于" + deadline + "前报送活动总结：" + title;
      case PLAN_REMINDER, SUMMARY_REMINDER ->
          "【提醒】请于" + deadline + "前报送" + phaseLabel + "：" + title;
      case PLAN_OVERDUE, SUMMARY_OVERDUE ->
          "【催报】" + phaseLabel + "已逾期" + daysOverdue + "天：" + title;
      case PLAN_RETURNED, SUMMARY_RETURNED -> "【退回修改】" + phaseLabel + "需修改后重新提交：" + title;
      case PLAN_APPROVED, SUMMARY_APPROVED -> "【审核通过】" + phaseLabel + "已通过：" + title;
      case PLAN_URGE, SUMMARY_URGE -> "【催办】请尽快报送" + phaseLabel + "：" + title;
      case PLAN_DIGEST, SUMMARY_DIGEST ->
          "【催办汇总】" + phaseLabel + "收集情况（" + deadline + "截止）：" + title;
      case PLAN_RECEIPT, SUMMARY_RECEIPT -> "【回执】已收到贵单位的" + phaseLabel + "：" + title;
      case SIGN_IN_LINK -> "【" + society + "】单位报送页面登录链接";
      case WELCOME -> "【" + society + "】您已登记为" + title + "的联系人";
      case FEATURED -> "【" + society + "】入选总会重点宣传活动：" + title;
      case COMMENDATION -> "【" + society + "】获得通报表扬：" + title;
      case REPORT_REMINDER -> "【提醒】请于" + deadline + "前完成上报总结：" + title;
    };
  }
}
