package org.example.stwd.core;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The six kinds of member unit a society notice is addressed to (2023 notice, 岩学字〔2023〕082号). */
public enum UnitCategory {
  WORKING_COMMITTEE("工作委员会"),
  SPECIALTY_COMMITTEE("专业委员会"),
  BRANCH("分会"),
  LOCAL_SOCIETY("地方学会"),
  SUPPORTING_UNIT("支撑单位"),
  GROUP_MEMBER("团体会员单位");

  private final String label;

  UnitCategory(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public static Optional<UnitCategory> parse(String code) {
    return Arrays.stream(values()).filter(c -> c.name().equals(code)).findFirst();
  }

  /** A category by its code or its Chinese label, as HQ writes it in a directory file. */
  public static Optional<UnitCategory> ofCodeOrLabel(String text) {
    String t = text == null ? "" : text.strip();
    return Arrays.stream(values())
        .filter(c -> c.name().equalsIgnoreCase(t) || c.label().equals(t))
        .findFirst();
  }

  public static List<String> labels() {
    return Arrays.stream(values()).map(UnitCategory::label).toList();
  }

  public static List<String> codes() {
    return Arrays.stream(values()).map(Enum::name).toList();
  }
}
