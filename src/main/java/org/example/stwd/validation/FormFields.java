package org.example.stwd.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.camunda.bpm.engine.variable.value.TypedValue;
import org.example.stwd.support.JsonValues;

/**
 * The fields a Camunda Form (form-js schema) declares, as the variables a submission of it may
 * carry: a field's {@code key}; a dynamic list's or group's {@code path}, whose items may carry
 * only the keys of the fields inside it. The REST API and the Java API bypass form-js, so a
 * completion is held against this on the server: anything the form does not declare is refused.
 */
public final class FormFields {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A declared field: its label (for messages) and, for a list or group, the fields of an item. */
  record Field(String label, Kind kind, Map<String, Field> children) {}

  enum Kind {
    VALUE,
    LIST,
    GROUP
  }

  private final String formId;
  private final Map<String, Field> fields;

  private FormFields(String formId, Map<String, Field> fields) {
    this.formId = formId;
    this.fields = fields;
  }

  /** A form that declares no field: a task without a form accepts no variables. */
  public static FormFields none() {
    return new FormFields(null, Map.of());
  }

  public static FormFields parse(InputStream schema) {
    try {
      JsonNode root = JSON.readTree(schema);
      Map<String, Field> fields = new LinkedHashMap<>();
      collect(root, fields);
      return new FormFields(root.path("id").asText(null), Collections.unmodifiableMap(fields));
    } catch (IOException e) {
      throw new IllegalStateException("A deployed form is not valid JSON", e);
    }
  }

  private static void collect(JsonNode container, Map<String, Field> into) {
    for (JsonNode component : container.path("components")) {
      String type = component.path("type").asText("");
      String label =
          component
              .path("label")
              .asText(component.path("key").asText(component.path("path").asText("")));
      if (("dynamiclist".equals(type) || "group".equals(type))
          && component.hasNonNull("path")
          && !component.path("path").asText().isEmpty()) {
        Map<String, Field> children = new LinkedHashMap<>();
        collect(component, children);
        into.put(
            component.path("path").asText(),
            new Field(
                label,
                "dynamiclist".equals(type) ? Kind.LIST : Kind.GROUP,
                Collections.unmodifiableMap(children)));
      } else if (component.hasNonNull("key") && !"button".equals(type)) {
        into.put(component.path("key").asText(), new Field(label, Kind.VALUE, Map.of()));
      } else {
        // a group without a path, a text or a spacer: its fields (if any) stand at this level
        collect(component, into);
      }
    }
  }

  public String formId() {
    return formId;
  }

  public Set<String> names() {
    return fields.keySet();
  }

  /**
   * What in the submitted variables the form does not declare, in Chinese; empty when the
   * submission carries only the form's fields (all of them or fewer: required fields are the
   * listeners' to check).
   */
  public List<String> problems(Map<String, ?> variables) {
    if (variables == null || variables.isEmpty()) {
      return List.of();
    }
    List<String> problems = new ArrayList<>();
    Set<String> unknown = new TreeSet<>();
    for (Map.Entry<String, ?> entry : variables.entrySet()) {
      Field field = fields.get(entry.getKey());
      if (field == null) {
        unknown.add(entry.getKey());
      } else if (field.kind() != Kind.VALUE) {
        Object value;
        try {
          value =
              entry.getValue() instanceof TypedValue typed ? typed.getValue() : entry.getValue();
        } catch (RuntimeException e) {
          // a Json value whose text does not parse (Spin parses it only when asked)
          problems.add("「" + field.label() + "」不是有效的 JSON");
          continue;
        }
        checkNested(field, value, problems);
      }
    }
    if (!unknown.isEmpty()) {
      problems.add(0, "提交的内容含有表单中没有的字段：" + String.join("、", unknown) + "（只接受本表单的字段）");
    }
    return problems;
  }

  private static void checkNested(Field field, Object value, List<String> problems) {
    if (value == null) {
      return;
    }
    List<Object> items;
    if (field.kind() == Kind.GROUP) {
      items = value instanceof Map<?, ?> map ? List.of(map) : null;
      if (items == null) {
        problems.add("「" + field.label() + "」格式无效");
        return;
      }
    } else {
      try {
        items = JsonValues.toList(value);
      } catch (RuntimeException e) {
        // not a list, or text that is not JSON (Spin parses lazily, so its error surfaces here)
        problems.add("「" + field.label() + "」应为列表（JSON 数组）");
        return;
      }
    }
    int seq = 0;
    for (Object item : items) {
      seq++;
      if (!(item instanceof Map<?, ?> map)) {
        problems.add("「" + field.label() + "」第 " + seq + " 项格式无效");
        continue;
      }
      Set<String> unknown = new TreeSet<>();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        Field child = field.children().get(String.valueOf(entry.getKey()));
        if (child == null) {
          unknown.add(String.valueOf(entry.getKey()));
        } else if (child.kind() != Kind.VALUE) {
          checkNested(child, entry.getValue(), problems);
        }
      }
      if (!unknown.isEmpty()) {
        problems.add(
            "「" + field.label() + "」第 " + seq + " 项含有表单中没有的字段：" + String.join("、", unknown));
      }
    }
  }
}
