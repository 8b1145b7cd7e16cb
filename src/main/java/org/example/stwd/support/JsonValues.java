package org.example.stwd.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.camunda.spin.json.SpinJsonNode;
import org.camunda.spin.plugin.variable.SpinValues;
import org.camunda.spin.plugin.variable.value.JsonValue;

/** Converts between Json process variables (as form-js submits them) and plain Java values. */
public final class JsonValues {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final TypeReference<List<Object>> LIST = new TypeReference<>() {};

  private JsonValues() {}

  /**
   * A list from a variable value: Spin Json (Tasklist, REST type "Json"), a JSON string or a Java
   * list. Returns null when the value is null; throws IllegalArgumentException when it is not a
   * list.
   */
  public static List<Object> toList(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof List<?> list) {
      return List.copyOf(list.stream().map(o -> (Object) o).toList());
    }
    String json;
    if (value instanceof SpinJsonNode node) {
      json = node.toString();
    } else if (value instanceof String s) {
      json = s;
    } else {
      throw new IllegalArgumentException("not a list");
    }
    try {
      return MAPPER.readValue(json, LIST);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a JSON list", e);
    }
  }

  /** A Json process variable holding the given value (lists of maps, strings, numbers). */
  public static JsonValue json(Object value) {
    try {
      return SpinValues.jsonValue(MAPPER.writeValueAsString(value)).create();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  /** Options for a form-js select/checklist: [{label, value}]. */
  public static JsonValue options(List<Map<String, String>> options) {
    return json(options);
  }

  public static Map<String, String> option(String label, String value) {
    return Map.of("label", label, "value", value);
  }
}
