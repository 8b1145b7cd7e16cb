package org.example.stwd.core;

/** A member unit from the directory, with its contact. */
public record Unit(
    String code,
    String name,
    UnitCategory category,
    String contactUserId,
    String contactName,
    String contactEmail,
    String contactPhone) {

  /** The Camunda group whose members work this unit's tasks. */
  public String groupId() {
    return groupOf(code);
  }

  public static String groupOf(String unitCode) {
    return "unit-" + unitCode;
  }
}
