package org.example.stwd.campaign;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.example.stwd.support.JsonValues;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The leaders' approvals of the upward report and the nominations ({@link DecisionListener}), and
 * the form options the commendation listeners share.
 */
@Configuration
public class ReportListeners {

  @Bean
  public TaskListener approveReportListener() {
    return new DecisionListener("reportDecision", "reportComment");
  }

  @Bean
  public TaskListener approveNominationListener() {
    return new DecisionListener("nominationDecision", "nominationComment");
  }

  /** value → label of a Json options variable. */
  static Map<String, String> options(Object variable) {
    List<Object> list = JsonValues.toList(variable);
    if (list == null) {
      return Map.of();
    }
    return list.stream()
        .map(o -> (Map<?, ?>) o)
        .collect(
            Collectors.toMap(
                m -> String.valueOf(m.get("value")),
                m -> String.valueOf(m.get("label")),
                (a, b) -> a,
                java.util.LinkedHashMap::new));
  }

  static List<Map<String, String>> subset(Map<String, String> options, List<String> values) {
    List<Map<String, String>> result = new ArrayList<>();
    values.forEach(v -> result.add(JsonValues.option(options.get(v), v)));
    return result;
  }
}
