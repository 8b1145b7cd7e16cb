package org.example.stwd.unitpage;

import java.util.List;

/**
 * Who is looking at a unit's page, resolved by the server for every request ({@link
 * UnitPageFilter}): the unit's signed-in contact, or HQ viewing that unit's page read-only.
 */
public record Viewer(
    Kind kind, String userId, String name, String unitCode, List<String> groups, Long linkId) {

  public enum Kind {
    CONTACT,
    HQ
  }

  public boolean readOnly() {
    return kind == Kind.HQ;
  }

  static final String ATTRIBUTE = "org.example.stwd.unitpage.Viewer";
}
