package org.example.stwd.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The start form's proposals from a pasted notice, on the wording of both seed notices (their
 * contacts replaced by invented ones in src/test/resources/notices): what the notices state is
 * proposed with its excerpt, what they do not state is not.
 */
class NoticeProposalsTest {

  static String notice(String name) throws IOException {
    try (InputStream in = NoticeProposalsTest.class.getResourceAsStream("/notices/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static Object value(Map<String, NoticeProposals.Proposal> found, String field) {
    return found.get(field) == null ? null : found.get(field).value();
  }

  @Test
  void the2023ForwardingWithTheCastNoticeAsItsAnnex() throws Exception {
    Map<String, NoticeProposals.Proposal> found =
        NoticeProposals.of(notice("2023-forwarding-with-cast-notice.txt"));
    assertThat(value(found, "noticeDocNumbers")).isEqualTo("科协发宣字〔2023〕13号");
    assertThat(found.get("noticeDocNumbers").excerpt()).contains("13号");
    assertThat(value(found, "campaignTheme")).isEqualTo("点亮精神火炬");
    assertThat(value(found, "campaignYear")).isEqualTo(2023);
    assertThat(value(found, "activityWindowStart")).isEqualTo("2023-05-01");
    assertThat(value(found, "activityWindowEnd")).isEqualTo("2023-06-10");
    assertThat(value(found, "noticeIssueDate")).isEqualTo("2023-04-25");
    assertThat(value(found, "noticeIssuers")).isEqualTo("中国科协、科技部");
    assertThat((String) value(found, "noticeTitle"))
        .startsWith("中国科协")
        .contains("关于开展2023年“全国科技工作者日”活动的通知");
    assertThat(value(found, "planDeadline")).isEqualTo("2023-05-15");
    assertThat(value(found, "upwardDeadline")).isEqualTo("2023-06-30");
    // the society's own letter number is not the CAST notice's
    assertThat((String) value(found, "noticeDocNumbers")).doesNotContain("岩学字");
  }

  @Test
  void the2022SocietyNoticeStatesNoCastNumber() throws Exception {
    Map<String, NoticeProposals.Proposal> found =
        NoticeProposals.of(notice("2022-society-notice.txt"));
    assertThat(value(found, "campaignTheme")).isEqualTo("创新争先、自立自强");
    assertThat(value(found, "campaignYear")).isEqualTo(2022);
    assertThat(value(found, "activityWindowStart")).isEqualTo("2022-05-11");
    assertThat(value(found, "activityWindowEnd")).isEqualTo("2022-06-10");
    assertThat(value(found, "summaryDeadline")).isEqualTo("2022-06-20");
    assertThat(value(found, "noticeIssueDate")).isEqualTo("2022-05-06");
    assertThat((String) value(found, "noticeTitle"))
        .isEqualTo("关于开展2022年“全国科技活动周”及“全国科技工作者日”活动的通知");
    // not stated, so not proposed
    assertThat(found).doesNotContainKeys("noticeDocNumbers", "upwardDeadline", "planDeadline");
    assertThat(NoticeProposals.missing(found)).contains("noticeDocNumbers", "upwardDeadline");
  }

  @Test
  void textWithoutANoticeProposesNothing() {
    assertThat(NoticeProposals.of("请各单位注意安全。")).isEmpty();
    assertThat(NoticeProposals.of(null)).isEmpty();
  }
}
