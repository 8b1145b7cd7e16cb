package org.example.stwd.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The form rules as plain Java, without the engine: the declared fields of a form, and the checks
 * of its values.
 */
class FormRulesTest {

  static FormFields form(String id) throws Exception {
    try (InputStream in = Files.newInputStream(Path.of("forms", id + ".form"))) {
      return FormFields.parse(in);
    }
  }

  @Test
  void aFormDeclaresItsFieldsAndItsListsItemFields() throws Exception {
    FormFields plan = form("submit-plan");
    assertThat(plan.formId()).isEqualTo("submit-plan");
    assertThat(plan.names())
        .contains("holdsActivities", "activities", "responsiblePerson")
        .doesNotContain("unitCode", "activityName");
    assertThat(plan.problems(Map.of("holdsActivities", "NO", "responsiblePerson", "测试人")))
        .isEmpty();
    assertThat(
            plan.problems(Map.of("holdsActivities", "NO", "unitCode", "wc02", "campaignCode", "X")))
        .containsExactly("提交的内容含有表单中没有的字段：campaignCode、unitCode（只接受本表单的字段）");
    assertThat(
            plan.problems(
                Map.of("activities", "[{\"activityName\":\"座谈会\",\"unitCode\":\"wc02\"}]")))
        .containsExactly("「活动清单」第 1 项含有表单中没有的字段：unitCode");
    assertThat(plan.problems(Map.of("activities", "{not json")))
        .containsExactly("「活动清单」应为列表（JSON 数组）");
    assertThat(FormFields.none().problems(Map.of("anything", 1))).hasSize(1);
  }

  @Test
  void valuesAreCheckedStrictly() {
    Map<String, Object> values = new HashMap<>();
    values.put("day", "2023-05-15");
    values.put("garbage", "2023-05-15XYZ");
    values.put("title", "标题\u001b");
    values.put("text", "第一行\n\t第二行");
    values.put("oneLine", "第一行\n第二行");
    FormInput in = FormInput.of(values);
    assertThat(in.date("day", "日期", true)).isEqualTo(LocalDate.of(2023, 5, 15));
    assertThat(in.isValid()).isTrue();
    in.date("garbage", "截止日期", true);
    in.requiredText("title", "标题", 100);
    assertThat(in.requiredLines("text", "正文", 100)).isEqualTo("第一行\n\t第二行");
    in.requiredText("oneLine", "名称", 100);
    in.within(
        LocalDate.of(1923, 5, 26),
        "开始日期",
        LocalDate.of(2023, 5, 1),
        LocalDate.of(2023, 6, 10),
        "活动期间");
    assertThatThrownBy(in::throwIfInvalid)
        .isInstanceOf(InvalidInputException.class)
        .extracting(e -> ((InvalidInputException) e).problems())
        .isEqualTo(
            List.of(
                "「截止日期」不是有效日期（格式应为 YYYY-MM-DD，如 2023-05-15）：2023-05-15XYZ",
                "「标题」含有不允许的控制字符",
                "「名称」只能填写一行，不能换行",
                "「开始日期」1923-05-26 不在活动期间（2023-05-01 至 2023-06-10）内"));
  }
}
