package org.example.stwd.unitpage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where in the form each of the server's problems belongs, so the page shows it under its field.
 * The form rules (validation/FormInput) name a field by its label, and an item of a list by its
 * number ("第 2 项活动：「结束日期」…"); the form's schema maps labels to keys. A problem that names no field
 * of the form stays in the list only.
 */
final class FieldProblems {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ITEM = Pattern.compile("^第 (\\d+) 项[^：]*：「([^」]+)」");
  private static final Pattern FIELD = Pattern.compile("^「([^」]+)」");

  /** An invalid submission: the problems, and those that belong to a field, with its path. */
  static final class Invalid extends RuntimeException {
    private final List<String> problems;
    private final List<Map<String, String>> fieldProblems;

    Invalid(String message, List<String> problems, List<Map<String, String>> fieldProblems) {
      super(message);
      this.problems = problems;
      this.fieldProblems = fieldProblems;
    }

    Map<String, Object> body() {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("type", "InvalidInput");
      body.put("message", getMessage());
      body.put("problems", problems);
      body.put("fieldProblems", fieldProblems);
      return body;
    }
  }

  private FieldProblems() {}

  /**
   * {@code [{"path": "activities[1].endDate", "message": "…"}]} for the problems that name a field.
   */
  static List<Map<String, String>> locate(String schema, List<String> problems) {
    Map<String, String> topLevel = new HashMap<>();
    Map<String, String> listPaths = new HashMap<>();
    Map<String, String> itemKeys = new HashMap<>();
    try {
      collect(JSON.readTree(schema).path("components"), topLevel, listPaths, itemKeys);
    } catch (IOException e) {
      return List.of();
    }
    List<Map<String, String>> located = new ArrayList<>();
    for (String problem : problems) {
      Matcher item = ITEM.matcher(problem);
      if (item.find() && itemKeys.containsKey(item.group(2))) {
        String key = itemKeys.get(item.group(2));
        int index = Integer.parseInt(item.group(1)) - 1;
        located.add(
            Map.of("path", listPaths.get(key) + "[" + index + "]." + key, "message", problem));
        continue;
      }
      Matcher field = FIELD.matcher(problem);
      if (field.find() && topLevel.containsKey(field.group(1))) {
        located.add(Map.of("path", topLevel.get(field.group(1)), "message", problem));
      }
    }
    return located;
  }

  private static void collect(
      JsonNode components,
      Map<String, String> topLevel,
      Map<String, String> listPaths,
      Map<String, String> itemKeys) {
    for (JsonNode c : components) {
      if (c.has("path") && c.path("components").isArray()) {
        for (JsonNode child : c.path("components")) {
          String key = child.path("key").asText(null);
          String label = label(child);
          if (key != null && label != null) {
            itemKeys.put(label, key);
            listPaths.put(key, c.path("path").asText());
          }
        }
        continue;
      }
      String key = c.path("key").asText(null);
      String label = label(c);
      if (key != null && label != null) {
        topLevel.putIfAbsent(label, key);
      }
      if (c.path("components").isArray()) {
        collect(c.path("components"), topLevel, listPaths, itemKeys);
      }
    }
  }

  private static String label(JsonNode component) {
    String label = component.path("label").asText(null);
    return label != null ? label : component.path("dateLabel").asText(null);
  }
}
