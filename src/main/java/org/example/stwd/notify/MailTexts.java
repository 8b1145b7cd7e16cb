package org.example.stwd.notify;

import java.time.LocalDate;
import org.example.stwd.unit.Phase;

/** The Chinese wording of every mail (plain text). */
public final class MailTexts {

  private MailTexts() {}

  public static String date(LocalDate date) {
    return date.getYear() + "年" + date.getMonthValue() + "月" + date.getDayOfMonth() + "日";
  }

  /** What a unit mail is about: taken from the unit process's variables. */
  public record UnitContext(
      String society,
      String campaignCode,
      String campaignTitle,
      String theme,
      String docNumber,
      String unitName,
      Phase phase,
      LocalDate deadline,
      String link,
      String hqContact) {}

  public static String noticeSubject(UnitContext c) {
    return "【" + c.society() + "】" + c.campaignTitle();
  }

  public static String notice(UnitContext c) {
    return c.unitName() + "：\n\n"
        + c.society() + "现转发《" + c.campaignTitle() + "》（" + c.docNumber() + "），活动主题为“" + c.theme() + "”。\n\n"
        + "请有计划组织开展相关活动的单位于 " + date(c.deadline()) + " 之前，在任务列表中填报本单位的活动方案；"
        + "本单位今年不开展活动的，也请在任务中说明。\n\n"
        + "填报入口：" + c.link() + "\n\n"
        + footer(c);
  }

  public static String summaryRequestSubject(UnitContext c) {
    return "【" + c.society() + "】请报送活动总结：" + c.campaignTitle();
  }

  public static String summaryRequest(UnitContext c) {
    return c.unitName() + "：\n\n"
        + "贵单位报送的“" + c.theme() + "”活动方案已通过审核，活动期已结束。请于 " + date(c.deadline())
        + " 之前报送活动总结（文字信息、参加人数、照片视频及媒体报道链接、经验与建议）。\n\n"
        + "填报入口：" + c.link() + "\n\n"
        + footer(c);
  }

  public static String reminderSubject(UnitContext c) {
    return "【提醒】请于" + date(c.deadline()) + "前报送" + c.phase().label() + "：" + c.campaignTitle();
  }

  public static String reminder(UnitContext c) {
    return c.unitName() + "：\n\n"
        + "《" + c.campaignTitle() + "》的" + c.phase().label() + "报送截止日期为 " + date(c.deadline())
        + "，贵单位尚未报送，请抓紧填报。\n\n"
        + "填报入口：" + c.link() + "\n\n"
        + footer(c);
  }

  public static String overdueSubject(UnitContext c, long daysOverdue) {
    return "【催报】" + c.phase().label() + "已逾期" + daysOverdue + "天：" + c.campaignTitle();
  }

  public static String overdue(UnitContext c, long daysOverdue) {
    return c.unitName() + "：\n\n"
        + "《" + c.campaignTitle() + "》的" + c.phase().label() + "报送截止日期为 " + date(c.deadline())
        + "，现已逾期 " + daysOverdue + " 天，贵单位尚未报送。请尽快填报；宽限期满仍未报送的，将记为未报送。\n\n"
        + "填报入口：" + c.link() + "\n\n"
        + footer(c);
  }

  static String footer(UnitContext c) {
    return "（本邮件由系统自动发送。）\n" + (c.hqContact() == null ? c.society() : "联系人：" + c.hqContact()) + "\n";
  }
}
