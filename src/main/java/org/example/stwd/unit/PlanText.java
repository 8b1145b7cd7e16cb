package org.example.stwd.unit;

import static org.example.stwd.support.Markdown.escape;

import java.util.List;
import org.example.stwd.core.HeldActivity;
import org.example.stwd.core.PlannedActivity;

/** Markdown renderings of a submission, shown to HQ in the review forms. */
final class PlanText {

  private PlanText() {}

  static String render(
      List<PlannedActivity> activities, String person, String phone, String email) {
    StringBuilder md = new StringBuilder();
    md.append("共 ")
        .append(activities.size())
        .append(" 项活动。负责人：")
        .append(person)
        .append("，电话：")
        .append(phone)
        .append("，邮箱：")
        .append(email)
        .append("\n\n");
    for (PlannedActivity a : activities) {
      md.append("**")
          .append(a.seq())
          .append(". ")
          .append(escape(a.name()))
          .append("**")
          .append(a.keyPublicityRequested() ? "（申请总会重点宣传）" : "")
          .append("\n\n")
          .append("- 类别：")
          .append(escape(a.category()))
          .append("\n")
          .append("- 时间：")
          .append(a.startDate())
          .append(" 至 ")
          .append(a.endDate())
          .append("\n")
          .append("- 地点：")
          .append(escape(a.place()))
          .append("（")
          .append(a.mode().label())
          .append("）\n")
          .append("- 参与对象：")
          .append(escape(a.audience()))
          .append("，预计 ")
          .append(a.expectedParticipants())
          .append(" 人\n")
          .append("- 简介：")
          .append(escape(a.description()))
          .append("\n");
      if (a.publicityChannels() != null) {
        md.append("- 宣传渠道：").append(escape(a.publicityChannels())).append("\n");
      }
      md.append("\n");
    }
    return md.toString();
  }

  static String renderSummary(
      List<HeldActivity> held, String text, String mediaLinks, String experience) {
    StringBuilder md = new StringBuilder();
    int participants = held.stream().mapToInt(HeldActivity::participants).sum();
    md.append("共举办 ")
        .append(held.size())
        .append(" 项活动，参加 ")
        .append(participants)
        .append(" 人次。\n\n");
    for (HeldActivity a : held) {
      md.append("- ")
          .append(escape(a.name()))
          .append("：")
          .append(a.startDate())
          .append(" 至 ")
          .append(a.endDate())
          .append("，")
          .append(a.participants())
          .append(" 人");
      if (a.mediaLinks() != null) {
        md.append("，").append(escape(a.mediaLinks()));
      }
      md.append("\n");
    }
    md.append("\n**活动总结：**\n\n").append(escape(text)).append("\n");
    if (mediaLinks != null) {
      md.append("\n**照片、视频及媒体报道：**\n\n").append(escape(mediaLinks)).append("\n");
    }
    if (experience != null) {
      md.append("\n**经验与建议：**\n\n").append(escape(experience)).append("\n");
    }
    return md.toString();
  }
}
