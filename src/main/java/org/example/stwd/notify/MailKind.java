package org.example.stwd.notify;

/** Every kind of mail the product sends, with its Chinese label (mail log, digest). */
public enum MailKind {
  NOTICE("转发通知"),
  PLAN_REMINDER("方案报送提醒"),
  PLAN_OVERDUE("方案逾期催报"),
  PLAN_RETURNED("方案退回修改"),
  PLAN_APPROVED("方案审核通过"),
  PLAN_URGE("方案催办"),
  PLAN_DIGEST("方案催办汇总"),
  PLAN_RECEIPT("方案提交回执"),
  SUMMARY_REQUEST("总结报送通知"),
  SUMMARY_REMINDER("总结报送提醒"),
  SUMMARY_OVERDUE("总结逾期催报"),
  SUMMARY_RETURNED("总结退回修改"),
  SUMMARY_APPROVED("总结审核通过"),
  SUMMARY_URGE("总结催办"),
  SUMMARY_DIGEST("总结催办汇总"),
  SUMMARY_RECEIPT("总结提交回执"),
  SIGN_IN_LINK("登录链接"),
  WELCOME("联系人欢迎邮件"),
  FEATURED("重点宣传通知"),
  REPORT_REMINDER("上报提醒"),
  COMMENDATION("表扬通知");

  private final String label;

  MailKind(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
