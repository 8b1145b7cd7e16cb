package org.example.stwd.validation;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.example.stwd.support.JsonValues;

/**
 * Reads and checks the values of a submitted form on the server. The REST API bypasses form-js, so
 * every rule of a form is enforced here. Problems are collected (in Chinese, naming the field by
 * its label) and reported together by {@link #throwIfInvalid()}.
 */
public final class FormInput {

  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
  private static final Pattern URL = Pattern.compile("^https?://\\S+$");
  private static final Pattern ISO_DATE = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}$");

  private final Function<String, Object> source;
  private final String labelPrefix;
  private final List<String> problems;

  private FormInput(Function<String, Object> source, String labelPrefix, List<String> problems) {
    this.source = source;
    this.labelPrefix = labelPrefix;
    this.problems = problems;
  }

  public static FormInput of(VariableScope scope) {
    return new FormInput(scope::getVariable, "", new ArrayList<>());
  }

  public static FormInput of(Map<String, ?> values) {
    return new FormInput(values::get, "", new ArrayList<>());
  }

  /** Checks of one item of a list; its problems are reported with the parent's. */
  public FormInput item(Map<?, ?> values, String itemLabel) {
    return new FormInput(values::get, labelPrefix + itemLabel, problems);
  }

  public Object raw(String name) {
    return source.apply(name);
  }

  /** One line of text (a text field): no line breaks, no control characters. */
  public String requiredText(String name, String label, int maxLength) {
    return text(name, label, maxLength, true, false);
  }

  public String optionalText(String name, String label, int maxLength) {
    return text(name, label, maxLength, false, false);
  }

  /** Several lines of text (a text area): line breaks and tabs, but no other control characters. */
  public String requiredLines(String name, String label, int maxLength) {
    return text(name, label, maxLength, true, true);
  }

  public String optionalLines(String name, String label, int maxLength) {
    return text(name, label, maxLength, false, true);
  }

  private String text(
      String name, String label, int maxLength, boolean required, boolean multiline) {
    Object value = source.apply(name);
    if (value != null && !(value instanceof String)) {
      problem("「" + label + "」应为文本");
      return null;
    }
    String text = value == null ? null : ((String) value).strip();
    if (text == null || text.isEmpty()) {
      if (required) {
        problem("「" + label + "」不能为空");
      }
      return null;
    }
    if (text.length() > maxLength) {
      problem("「" + label + "」不能超过 " + maxLength + " 个字（现为 " + text.length() + " 个字）");
    }
    checkCharacters(text, label, multiline);
    return text;
  }

  /**
   * Control characters (NUL, ESC, BEL, DEL, …) have no place in what people type; a line break only
   * in a text area. Such text would break mails, exports and pages that show it.
   */
  private void checkCharacters(String text, String label, boolean multiline) {
    boolean lineBreak = false;
    boolean control = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r') {
        lineBreak = true;
      } else if (c == '\t') {
        control |= !multiline;
      } else if (c < 0x20 || c >= 0x7f && c <= 0x9f) {
        control = true;
      }
    }
    if (lineBreak && !multiline) {
      problem("「" + label + "」只能填写一行，不能换行");
    }
    if (control) {
      problem("「" + label + "」含有不允许的控制字符");
    }
  }

  public String email(String name, String label, boolean required) {
    String text = text(name, label, 200, required, false);
    if (text != null && !EMAIL.matcher(text).matches()) {
      problem("「" + label + "」不是有效的电子邮箱地址");
    }
    return text;
  }

  public String url(String name, String label, int maxLength) {
    String text = text(name, label, maxLength, false, false);
    if (text != null && !URL.matcher(text).matches()) {
      problem("「" + label + "」应为以 http:// 或 https:// 开头的网址");
    }
    return text;
  }

  public String pattern(String name, String label, Pattern pattern, String hint) {
    String text = text(name, label, 200, true, false);
    if (text != null && !pattern.matcher(text).matches()) {
      problem("「" + label + "」格式不正确：" + hint);
    }
    return text;
  }

  /**
   * A calendar date as form-js submits it: exactly YYYY-MM-DD (nothing before or after it, a day
   * that exists); LocalDate values are accepted too.
   */
  public LocalDate date(String name, String label, boolean required) {
    Object value = source.apply(name);
    if (value == null || (value instanceof String s && s.isBlank())) {
      if (required) {
        problem("「" + label + "」不能为空");
      }
      return null;
    }
    if (value instanceof LocalDate date) {
      return date;
    }
    if (value instanceof String s) {
      String text = s.strip();
      try {
        if (ISO_DATE.matcher(text).matches()) {
          return LocalDate.parse(text);
        }
      } catch (DateTimeParseException e) {
        // a day that does not exist, such as 2023-02-30
      }
      problem("「" + label + "」不是有效日期（格式应为 YYYY-MM-DD，如 2023-05-15）：" + printable(s));
      return null;
    }
    problem("「" + label + "」应为日期（YYYY-MM-DD）");
    return null;
  }

  public Integer integer(String name, String label, long min, long max, boolean required) {
    Object value = source.apply(name);
    if (value == null || (value instanceof String s && s.isBlank())) {
      if (required) {
        problem("「" + label + "」不能为空");
      }
      return null;
    }
    long number;
    if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      number = ((Number) value).longValue();
    } else if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      number = (long) n.doubleValue();
    } else if (value instanceof String s && s.strip().matches("-?\\d{1,12}")) {
      number = Long.parseLong(s.strip());
    } else {
      problem("「" + label + "」应为整数");
      return null;
    }
    if (number < min || number > max) {
      problem("「" + label + "」应在 " + min + " 到 " + max + " 之间");
      return null;
    }
    return (int) number;
  }

  public boolean bool(String name, String label) {
    Object value = source.apply(name);
    if (value == null) {
      return false;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    if (value instanceof String s && (s.equals("true") || s.equals("false"))) {
      return Boolean.parseBoolean(s);
    }
    problem("「" + label + "」应为是或否");
    return false;
  }

  /** One of the allowed values (codes); required. */
  public String choice(String name, String label, Collection<String> allowed) {
    Object value = source.apply(name);
    if (value == null || (value instanceof String s && s.isBlank())) {
      problem("请选择「" + label + "」");
      return null;
    }
    if (!(value instanceof String s) || !allowed.contains(s)) {
      problem(
          "「"
              + label
              + "」的取值「"
              + printable(String.valueOf(value))
              + "」无效，可选："
              + String.join("、", allowed));
      return null;
    }
    return s;
  }

  /** A decision APPROVE or RETURN; the comment is required when returning. */
  public Decision decision(String name, String label, String commentName, String commentLabel) {
    String decision = choice(name, label, List.of(Decision.APPROVE.name(), Decision.RETURN.name()));
    String comment = optionalLines(commentName, commentLabel, 1000);
    if (Decision.RETURN.name().equals(decision) && comment == null) {
      problem("退回修改时必须填写「" + commentLabel + "」");
    }
    return decision == null ? null : Decision.valueOf(decision);
  }

  /** A list (form-js checklist or dynamic list). Null or absent gives an empty list. */
  public List<Object> list(String name, String label) {
    try {
      List<Object> list = JsonValues.toList(source.apply(name));
      return list == null ? List.of() : list;
    } catch (IllegalArgumentException e) {
      problem("「" + label + "」应为列表");
      return List.of();
    }
  }

  /** A list of strings (checklist values). */
  public List<String> stringList(String name, String label) {
    List<String> result = new ArrayList<>();
    for (Object o : list(name, label)) {
      if (o instanceof String s && !s.isBlank()) {
        result.add(s.strip());
      } else {
        problem("「" + label + "」含有无效的值：" + o);
      }
    }
    return result;
  }

  /** A date between two others (both included); a problem naming the range otherwise. */
  public void within(
      LocalDate date, String label, LocalDate first, LocalDate last, String rangeLabel) {
    if (date != null
        && first != null
        && last != null
        && (date.isBefore(first) || date.isAfter(last))) {
      problem("「" + label + "」" + date + " 不在" + rangeLabel + "（" + first + " 至 " + last + "）内");
    }
  }

  /** A value as it can be shown in a message: at most 40 characters, control characters as "?". */
  private static String printable(String value) {
    String cut = value.length() > 40 ? value.substring(0, 40) + "…" : value;
    StringBuilder out = new StringBuilder(cut.length());
    cut.chars().forEach(c -> out.append(c < 0x20 || c >= 0x7f && c <= 0x9f ? '?' : (char) c));
    return out.toString();
  }

  public void check(boolean condition, String problem) {
    if (!condition) {
      problem(problem);
    }
  }

  public void problem(String problem) {
    problems.add(labelPrefix + problem);
  }

  public boolean isValid() {
    return problems.isEmpty();
  }

  public void throwIfInvalid() {
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
  }

  /** The two outcomes of every review in this product. */
  public enum Decision {
    APPROVE,
    RETURN
  }
}
