package org.example.stwd.core;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.example.stwd.validation.InvalidInputException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The society's unit directory (stwd_unit): who the notices go to and who answers for a unit. */
@Repository
public class UnitDirectory {

  public static final String CSV_HEADER =
      "code,name,category,contact_user_id,contact_name,contact_email,contact_phone";

  /** A unit code: lower-case letters, digits and hyphens, 2–31. */
  public static final Pattern CODE = Pattern.compile("^[a-z0-9][a-z0-9-]{1,30}$");

  public static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

  private static final RowMapper<Unit> ROW =
      (rs, i) ->
          new Unit(
              rs.getString("code"),
              rs.getString("name"),
              UnitCategory.valueOf(rs.getString("category")),
              rs.getString("contact_user_id"),
              rs.getString("contact_name"),
              rs.getString("contact_email"),
              rs.getString("contact_phone"));

  private final JdbcTemplate jdbc;

  public UnitDirectory(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<Unit> find(String code) {
    return jdbc.query("SELECT * FROM stwd_unit WHERE code = ? AND active", ROW, code).stream()
        .findFirst();
  }

  /** The unit, also when it has been deactivated (its contact on HQ's timeline and queue). */
  public Optional<Unit> findIncludingInactive(String code) {
    return jdbc.query("SELECT * FROM stwd_unit WHERE code = ?", ROW, code).stream().findFirst();
  }

  public List<Unit> findAll() {
    return jdbc.query("SELECT * FROM stwd_unit WHERE active ORDER BY category, code", ROW);
  }

  /** Codes among the given ones that are not active units. */
  public List<String> unknownCodes(Collection<String> codes) {
    Set<String> known =
        new HashSet<>(jdbc.queryForList("SELECT code FROM stwd_unit WHERE active", String.class));
    return codes.stream().filter(c -> !known.contains(c)).distinct().toList();
  }

  /**
   * The active units in any of the categories, plus the units named by code; sorted, no repeats.
   */
  public List<Unit> resolve(Collection<UnitCategory> categories, Collection<String> codes) {
    Map<String, Unit> result = new LinkedHashMap<>();
    for (Unit unit : findAll()) {
      if (categories.contains(unit.category()) || codes.contains(unit.code())) {
        result.put(unit.code(), unit);
      }
    }
    return new ArrayList<>(result.values());
  }

  /**
   * Imports a unit directory in CSV ({@link #CSV_HEADER}), inserting new units and updating known
   * ones. The whole file is checked first; a file with any error changes nothing.
   */
  @Transactional
  public int importCsv(Reader reader) throws IOException {
    List<Unit> units = parseCsv(reader);
    for (Unit u : units) {
      Contact contact =
          u.contactUserId() == null || u.contactEmail() == null
              ? null
              : new Contact(
                  u.contactUserId(),
                  u.contactName() == null ? u.code() : u.contactName(),
                  u.contactEmail().toLowerCase(java.util.Locale.ROOT),
                  u.contactPhone());
      save(u.code(), u.name(), u.category(), contact);
      // the directory's record of the contact (directory/Directory keeps one or more per unit)
      if (contact != null
          && contactsOf(u.code()).stream().noneMatch(c -> c.userId().equals(contact.userId()))) {
        addContact(u.code(), 0, contact);
      }
    }
    return units.size();
  }

  /** A unit's contact as the directory keeps it ({@code stwd_unit_contact}). */
  public record Contact(String userId, String name, String email, String phone) {}

  /** A unit, active or not. */
  public record Listed(Unit unit, boolean active) {}

  private static final RowMapper<Contact> CONTACT =
      (rs, i) ->
          new Contact(
              rs.getString("user_id"),
              rs.getString("name"),
              rs.getString("email"),
              rs.getString("phone"));

  /** Every unit, the inactive ones too, by category and code. */
  public List<Listed> listAll() {
    return jdbc.query(
        "SELECT * FROM stwd_unit ORDER BY category, code",
        (rs, i) -> new Listed(ROW.mapRow(rs, i), rs.getBoolean("active")));
  }

  /** The units with these codes, active or not, by code (the board's page of rows). */
  public Map<String, Unit> byCodes(Collection<String> codes) {
    return byCodes(codes, false);
  }

  /** The active units with these codes, by code (as {@link #find} for many at once). */
  public Map<String, Unit> activeByCodes(Collection<String> codes) {
    return byCodes(codes, true);
  }

  private Map<String, Unit> byCodes(Collection<String> codes, boolean activeOnly) {
    Map<String, Unit> result = new java.util.HashMap<>();
    List<String> all = codes.stream().distinct().toList();
    for (int from = 0; from < all.size(); from += 1000) {
      List<String> chunk = all.subList(from, Math.min(all.size(), from + 1000));
      jdbc.query(
          "SELECT * FROM stwd_unit WHERE code IN ("
              + String.join(",", java.util.Collections.nCopies(chunk.size(), "?"))
              + ")"
              + (activeOnly ? " AND active" : ""),
          rs -> {
            Unit unit = ROW.mapRow(rs, 0);
            result.put(unit.code(), unit);
          },
          chunk.toArray());
    }
    return result;
  }

  /** Every unit's contacts, in their order. */
  public Map<String, List<Contact>> contactsByUnit() {
    Map<String, List<Contact>> contacts = new java.util.HashMap<>();
    jdbc.query(
        "SELECT * FROM stwd_unit_contact ORDER BY unit_code, position",
        (org.springframework.jdbc.core.RowCallbackHandler)
            rs ->
                contacts
                    .computeIfAbsent(rs.getString("unit_code"), k -> new ArrayList<>())
                    .add(CONTACT.mapRow(rs, 0)));
    return contacts;
  }

  public List<Contact> contactsOf(String unitCode) {
    return jdbc.query(
        "SELECT * FROM stwd_unit_contact WHERE unit_code = ? ORDER BY position", CONTACT, unitCode);
  }

  public void addContact(String unitCode, int position, Contact c) {
    jdbc.update(
        "INSERT INTO stwd_unit_contact (user_id, unit_code, position, name, email, phone) VALUES (?,?,?,?,?,?)",
        c.userId(),
        unitCode,
        position,
        c.name(),
        c.email(),
        c.phone());
  }

  public void updateContact(int position, Contact c) {
    jdbc.update(
        "UPDATE stwd_unit_contact SET position = ?, name = ?, phone = ? WHERE user_id = ?",
        position,
        c.name(),
        c.phone(),
        c.userId());
  }

  public void removeContact(String userId) {
    jdbc.update("DELETE FROM stwd_unit_contact WHERE user_id = ?", userId);
  }

  /**
   * Adds the unit or makes it so, active, with {@code primary} (may be null) as the contact the
   * rest of the product reads from the unit's row.
   */
  public void save(String code, String name, UnitCategory category, Contact primary) {
    Object[] contact =
        primary == null
            ? new Object[] {null, null, null, null}
            : new Object[] {primary.userId(), primary.name(), primary.email(), primary.phone()};
    int updated =
        jdbc.update(
            "UPDATE stwd_unit SET name = ?, category = ?, active = TRUE, contact_user_id = ?,"
                + " contact_name = ?, contact_email = ?, contact_phone = ? WHERE code = ?",
            name,
            category.name(),
            contact[0],
            contact[1],
            contact[2],
            contact[3],
            code);
    if (updated == 0) {
      jdbc.update(
          "INSERT INTO stwd_unit (code, name, category, contact_user_id, contact_name, contact_email,"
              + " contact_phone, active) VALUES (?, ?, ?, ?, ?, ?, ?, TRUE)",
          code,
          name,
          category.name(),
          contact[0],
          contact[1],
          contact[2],
          contact[3]);
    }
  }

  /** The unit gets no more notices; its row keeps no contact. */
  public void deactivate(String code) {
    jdbc.update(
        "UPDATE stwd_unit SET active = FALSE, contact_user_id = NULL, contact_name = NULL,"
            + " contact_email = NULL, contact_phone = NULL WHERE code = ?",
        code);
  }

  static List<Unit> parseCsv(Reader reader) throws IOException {
    BufferedReader in = new BufferedReader(reader);
    String header = in.readLine();
    if (header != null && header.startsWith("\uFEFF")) {
      header = header.substring(1);
    }
    if (header == null || !header.strip().equals(CSV_HEADER)) {
      throw new InvalidInputException("单位名录文件的表头应为：" + CSV_HEADER);
    }
    List<String> problems = new ArrayList<>();
    List<Unit> units = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    String line;
    int lineNo = 1;
    while ((line = in.readLine()) != null) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split(",", -1);
      if (f.length != 7) {
        problems.add("第 " + lineNo + " 行应有 7 列，实有 " + f.length + " 列");
        continue;
      }
      for (int i = 0; i < f.length; i++) {
        f[i] = f[i].strip();
      }
      Optional<UnitCategory> category = UnitCategory.parse(f[2]);
      if (!CODE.matcher(f[0]).matches()) {
        problems.add("第 " + lineNo + " 行单位代码「" + f[0] + "」无效（小写字母、数字和连字符，2–31 位）");
      } else if (!seen.add(f[0])) {
        problems.add("第 " + lineNo + " 行单位代码「" + f[0] + "」重复");
      }
      if (f[1].isEmpty() || f[1].length() > 200) {
        problems.add("第 " + lineNo + " 行单位名称为空或超过 200 字");
      }
      if (category.isEmpty()) {
        problems.add(
            "第 " + lineNo + " 行单位类别「" + f[2] + "」无效，可选：" + String.join("、", UnitCategory.codes()));
      }
      if (!f[5].isEmpty() && !EMAIL.matcher(f[5]).matches()) {
        problems.add("第 " + lineNo + " 行联系人邮箱「" + f[5] + "」无效");
      }
      if (problems.isEmpty()) {
        units.add(
            new Unit(
                f[0],
                f[1],
                category.get(),
                blankToNull(f[3]),
                blankToNull(f[4]),
                blankToNull(f[5]),
                blankToNull(f[6])));
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
    if (units.isEmpty()) {
      throw new InvalidInputException("单位名录文件没有任何单位");
    }
    return units;
  }

  private static String blankToNull(String s) {
    return s.isEmpty() ? null : s;
  }
}
