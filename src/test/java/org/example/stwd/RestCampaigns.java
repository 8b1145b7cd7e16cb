package org.example.stwd;

import java.time.LocalDate;

/**
 * The REST bodies with which the tests against the packaged application (ClusterIT,
 * AttachmentStorePostgresIT) start and forward a campaign: the notice registered {@code today}, its
 * activity window from 5 to 30 days on, plans due in 3 days, summaries in 40.
 */
final class RestCampaigns {

  static final String ALL_CATEGORIES =
      "[\\\"WORKING_COMMITTEE\\\",\\\"SPECIALTY_COMMITTEE\\\",\\\"BRANCH\\\",\\\"LOCAL_SOCIETY\\\","
          + "\\\"SUPPORTING_UNIT\\\",\\\"GROUP_MEMBER\\\"]";

  private RestCampaigns() {}

  /** The start form's body (register-notice); {@code label} tells the test's notices apart. */
  static String registerNotice(String code, LocalDate today, String label) {
    return """
        {"variables": {
          "campaignCode": {"value": "%s"}, "campaignYear": {"value": %d},
          "noticeTitle": {"value": "关于开展“全国科技工作者日”活动的通知（%s）"},
          "noticeDocNumbers": {"value": "示例发宣字〔%d〕9号"}, "noticeIssuers": {"value": "示例科协"},
          "noticeIssueDate": {"value": "%s"}, "campaignTheme": {"value": "点亮精神火炬"},
          "activityWindowStart": {"value": "%s"}, "activityWindowEnd": {"value": "%s"},
          "upwardDeadline": {"value": "%s"},
          "activityCategories": {"value": "“点亮精神火炬”主题活动\\n弘扬科学家精神系列活动"},
          "noticeText": {"value": "%s用通知正文。"}}}
        """
        .formatted(
            code,
            today.getYear(),
            label,
            today.getYear(),
            today,
            today.plusDays(5),
            today.plusDays(30),
            today.plusDays(50),
            label);
  }

  /**
   * The forwarding draft's body: to the categories ({@code categoriesJson}, escaped for a JSON
   * string) and, when not null, the listed units ("wc01 wc02").
   */
  static String forwarding(LocalDate today, String label, String categoriesJson, String unitCodes) {
    return """
        {"variables": {
          "forwardingDocNumber": {"value": "示学字〔%d〕099号"},
          "forwardingTitle": {"value": "关于组织开展“全国科技工作者日”活动的通知（%s）"},
          "targetCategories": {"type": "Json", "value": "%s"}%s,
          "planDeadline": {"value": "%s"}, "summaryDeadline": {"value": "%s"},
          "reminderLeadDays": {"value": 3}, "graceDays": {"value": 5},
          "contactName": {"value": "林晓楠"}, "contactPhone": {"value": "010-5550-0001"}, "contactEmail": {"value": "hq01@example.org"}}}
        """
        .formatted(
            today.getYear(),
            label,
            categoriesJson,
            unitCodes == null ? "" : ", \"targetUnitCodes\": {\"value\": \"" + unitCodes + "\"}",
            today.plusDays(3),
            today.plusDays(40));
  }
}
