package org.example.stwd.campaign;

import java.util.ArrayList;
import java.util.List;
import org.example.stwd.validation.FormInput;

/** Activity ids as checklists submit them (strings). */
final class ActivityIds {

  private ActivityIds() {}

  static List<Long> parse(List<String> values, FormInput in) {
    List<Long> ids = new ArrayList<>();
    for (String v : values) {
      try {
        ids.add(Long.parseLong(v));
      } catch (NumberFormatException e) {
        in.problem("活动编号「" + v + "」无效");
      }
    }
    return ids.stream().distinct().toList();
  }
}
