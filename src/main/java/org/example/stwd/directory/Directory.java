package org.example.stwd.directory;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.example.stwd.config.StwdProperties;
import org.example.stwd.core.Unit;
import org.example.stwd.core.UnitCategory;
import org.example.stwd.core.UnitDirectory;
import org.example.stwd.core.UnitDirectory.Contact;
import org.example.stwd.engine.EngineClock;
import org.example.stwd.notify.UnitPageMails;
import org.example.stwd.security.Roles;
import org.example.stwd.security.SignInLinks;
import org.example.stwd.validation.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The society's unit directory as HQ keeps it (docs/DIRECTORY.md): units ({@code stwd_unit}) with
 * one or more contacts ({@code stwd_unit_contact}), each contact a Camunda user in {@code
 * unit-<code>} and {@code unit-contacts}, created, changed and removed with the directory. A new
 * contact gets a welcome mail with a sign-in link; a removed one loses access at once (links
 * revoked, sessions end at the next request, as the unit page checks the contact every time). Every
 * change is recorded ({@code stwd_directory_audit}).
 */
@Service
public class Directory {

  private static final Logger LOG = LoggerFactory.getLogger(Directory.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A unit with its contacts. */
  public record Entry(
      String code, String name, UnitCategory category, boolean active, List<Contact> contacts) {}

  /** A problem of one line of an import (line 0: the file as a whole). */
  public record Problem(int line, String message) {}

  /** What an import or an edit changes for one unit. */
  public record Change(String kind, String unitCode, String unitName, List<String> details) {}

  /** What an import would do, and whether it may. */
  public record Preview(
      int lines,
      int units,
      int contacts,
      List<Problem> problems,
      List<Change> changes,
      Map<String, Integer> counts) {
    @com.fasterxml.jackson.annotation.JsonProperty("canApply")
    public boolean canApply() {
      return problems.isEmpty();
    }
  }

  /** A recorded change. */
  public record AuditEntry(
      long id, String at, String by, String action, String summary, List<String> details) {}

  private final JdbcTemplate jdbc;
  private final UnitDirectory directory;
  private final IdentityService identity;
  private final SignInLinks links;
  private final UnitPageMails mails;
  private final StwdProperties properties;
  private final TransactionTemplate transaction;

  public Directory(
      JdbcTemplate jdbc,
      UnitDirectory directory,
      IdentityService identity,
      SignInLinks links,
      UnitPageMails mails,
      StwdProperties properties,
      PlatformTransactionManager transactionManager) {
    this.jdbc = jdbc;
    this.directory = directory;
    this.identity = identity;
    this.links = links;
    this.mails = mails;
    this.properties = properties;
    this.transaction = new TransactionTemplate(transactionManager);
  }

  // ---- reading

  /** Every unit with its contacts (inactive ones too when asked), filtered by a search text. */
  public List<Entry> list(String query, boolean withInactive) {
    Map<String, List<Contact>> contacts = directory.contactsByUnit();
    String q = query == null ? "" : query.strip().toLowerCase(Locale.ROOT);
    List<Entry> entries = new ArrayList<>();
    for (UnitDirectory.Listed listed : directory.listAll()) {
      Unit u = listed.unit();
      Entry e =
          new Entry(
              u.code(),
              u.name(),
              u.category(),
              listed.active(),
              contacts.getOrDefault(u.code(), List.of()));
      if ((withInactive || e.active()) && matches(e, q)) {
        entries.add(e);
      }
    }
    return entries;
  }

  private static boolean matches(Entry e, String q) {
    if (q.isEmpty()) {
      return true;
    }
    if (e.code().contains(q) || e.name().toLowerCase(Locale.ROOT).contains(q)) {
      return true;
    }
    return e.contacts().stream()
        .anyMatch(
            c ->
                c.name().contains(q)
                    || c.email().toLowerCase(Locale.ROOT).contains(q)
                    || c.phone() != null && c.phone().contains(q));
  }

  /** The active directory as file rows (one per contact), in the import's columns. */
  public List<List<String>> rows() {
    List<List<String>> rows = new ArrayList<>();
    for (Entry e : list(null, false)) {
      if (e.contacts().isEmpty()) {
        rows.add(List.of(e.code(), e.name(), e.category().label(), "", "", ""));
      }
      for (Contact c : e.contacts()) {
        rows.add(
            List.of(
                e.code(),
                e.name(),
                e.category().label(),
                c.name(),
                c.phone() == null ? "" : c.phone(),
                c.email()));
      }
    }
    return rows;
  }

  public List<AuditEntry> audit(int limit) {
    return jdbc.query(
        "SELECT * FROM stwd_directory_audit ORDER BY id DESC LIMIT "
            + Math.max(1, Math.min(limit, 500)),
        (rs, n) ->
            new AuditEntry(
                rs.getLong("id"),
                OffsetDateTime.ofInstant(rs.getTimestamp("at").toInstant(), properties.timeZone())
                    .truncatedTo(ChronoUnit.SECONDS)
                    .toString(),
                rs.getString("by_user"),
                rs.getString("action"),
                rs.getString("summary"),
                rs.getString("details").isEmpty()
                    ? List.of()
                    : List.of(rs.getString("details").split("\n"))));
  }

  // ---- import

  /** The wanted state of one unit, from the file or an edit. */
  record Wanted(String code, String name, UnitCategory category, List<Contact> contacts) {}

  /** Checks a file's lines and says what applying them would change; changes nothing. */
  public Preview preview(List<DirectoryFile.Line> lines) {
    List<Problem> problems = new ArrayList<>();
    Map<String, Wanted> wanted = parse(lines, problems);
    List<Change> changes = problems.isEmpty() ? diff(wanted, true) : List.of();
    int contacts = wanted.values().stream().mapToInt(w -> w.contacts().size()).sum();
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (String kind : List.of("NEW", "CHANGED", "DEACTIVATED", "UNCHANGED")) {
      counts.put(kind, (int) changes.stream().filter(c -> c.kind().equals(kind)).count());
    }
    return new Preview(
        lines.size(),
        wanted.size(),
        contacts,
        problems,
        changes.stream().filter(c -> !c.kind().equals("UNCHANGED")).toList(),
        counts);
  }

  /**
   * Applies a file: the directory becomes what the file says (units not in it are deactivated), in
   * one transaction with the contacts' users; any problem refuses the whole file.
   */
  public Preview apply(List<DirectoryFile.Line> lines, String by) {
    Preview preview = preview(lines);
    if (!preview.canApply()) {
      throw Refusal.invalid(
          preview.problems().stream()
              .map(p -> (p.line() > 0 ? "第 " + p.line() + " 行：" : "") + p.message())
              .toList());
    }
    Map<String, Wanted> wanted = parse(lines, new ArrayList<>());
    List<Contact> welcome = new ArrayList<>();
    Map<String, String> unitOfWelcome = new HashMap<>();
    transaction.executeWithoutResult(
        status -> {
          List<Change> changes = diff(wanted, true);
          for (Change c : changes) {
            if (c.kind().equals("DEACTIVATED")) {
              deactivateInTransaction(c.unitCode(), by);
            }
          }
          for (Wanted w : wanted.values()) {
            for (Contact added : store(w, by)) {
              welcome.add(added);
              unitOfWelcome.put(added.userId(), w.code());
            }
          }
          record(
              by,
              "IMPORT",
              "导入单位名录："
                  + counts(changes)
                  + "；共 "
                  + wanted.size()
                  + " 家单位、"
                  + preview.contacts()
                  + " 位联系人",
              changes.stream()
                  .filter(c -> !c.kind().equals("UNCHANGED"))
                  .map(Directory::line)
                  .toList());
        });
    sendWelcomes(welcome, unitOfWelcome);
    return preview;
  }

  /** Adds or edits one unit with its contacts (the page's form). */
  public Entry save(String code, String name, String category, List<Contact> contacts, String by) {
    List<DirectoryFile.Line> lines = new ArrayList<>();
    int n = 0;
    if (contacts == null || contacts.isEmpty()) {
      lines.add(new DirectoryFile.Line(++n, code, name, category, "", "", ""));
    } else {
      for (Contact c : contacts) {
        lines.add(
            new DirectoryFile.Line(
                ++n,
                code,
                name,
                category,
                c.name() == null ? "" : c.name(),
                c.phone() == null ? "" : c.phone(),
                c.email() == null ? "" : c.email()));
      }
    }
    List<Problem> problems = new ArrayList<>();
    Map<String, Wanted> wanted = parse(lines, problems);
    if (!problems.isEmpty()) {
      throw Refusal.invalid(
          problems.stream()
              .map(
                  p ->
                      contacts == null || contacts.size() <= 1 || p.line() == 0
                          ? p.message()
                          : "第 " + p.line() + " 位联系人：" + p.message())
              .toList());
    }
    Wanted w = wanted.values().iterator().next();
    List<Contact> welcome = new ArrayList<>();
    transaction.executeWithoutResult(
        status -> {
          List<Change> changes = diff(Map.of(w.code(), w), false);
          welcome.addAll(store(w, by));
          Change change = changes.get(0);
          if (!change.kind().equals("UNCHANGED")) {
            record(
                by,
                change.kind().equals("NEW") ? "ADD" : "EDIT",
                (change.kind().equals("NEW") ? "新增单位 " : "修改单位 ") + w.name() + "（" + w.code() + "）",
                List.of(line(change)));
          }
        });
    Map<String, String> units = new HashMap<>();
    welcome.forEach(c -> units.put(c.userId(), w.code()));
    sendWelcomes(welcome, units);
    return list(null, true).stream()
        .filter(e -> e.code().equals(w.code()))
        .findFirst()
        .orElseThrow();
  }

  /** Deactivates a unit: it gets no more notices; its contacts lose access at once. */
  public void deactivate(String code, String by) {
    Entry e =
        list(null, true).stream()
            .filter(x -> x.code().equals(code))
            .findFirst()
            .orElseThrow(() -> Refusal.notFound("单位名录中没有单位代码为 " + code + " 的单位。"));
    if (!e.active()) {
      throw Refusal.conflict("单位 " + e.name() + "（" + code + "）已是停用状态。");
    }
    transaction.executeWithoutResult(
        status -> {
          deactivateInTransaction(code, by);
          record(
              by,
              "DEACTIVATE",
              "停用单位 " + e.name() + "（" + code + "）",
              e.contacts().stream()
                  .map(c -> "移除联系人 " + c.name() + " <" + c.email() + ">")
                  .toList());
        });
  }

  // ---- the work

  private Map<String, Wanted> parse(List<DirectoryFile.Line> lines, List<Problem> problems) {
    Map<String, Wanted> wanted = new LinkedHashMap<>();
    Map<String, Integer> firstLine = new HashMap<>();
    Set<String> emails = new HashSet<>();
    for (DirectoryFile.Line l : lines) {
      int before = problems.size();
      String code = l.code().toLowerCase(Locale.ROOT);
      if (!UnitDirectory.CODE.matcher(code).matches()) {
        problems.add(new Problem(l.number(), "单位代码「" + l.code() + "」无效（小写字母、数字和连字符，2–31 位）"));
      }
      if (l.name().isEmpty() || l.name().length() > 200) {
        problems.add(new Problem(l.number(), "单位名称为空或超过 200 字"));
      }
      Optional<UnitCategory> category = UnitCategory.ofCodeOrLabel(l.category());
      if (category.isEmpty()) {
        problems.add(
            new Problem(
                l.number(),
                "单位类别「" + l.category() + "」无效，可选：" + String.join("、", UnitCategory.labels())));
      }
      boolean hasContact = !(l.contact().isEmpty() && l.phone().isEmpty() && l.email().isEmpty());
      if (hasContact) {
        if (l.contact().isEmpty() || l.contact().length() > 50) {
          problems.add(new Problem(l.number(), "联系人姓名为空或超过 50 字"));
        }
        if (l.email().isEmpty()
            || l.email().length() > 200
            || !UnitDirectory.EMAIL.matcher(l.email()).matches()) {
          problems.add(new Problem(l.number(), "联系人电子邮箱「" + l.email() + "」无效"));
        } else if (!emails.add(code + "|" + l.email().toLowerCase(Locale.ROOT))) {
          problems.add(new Problem(l.number(), "同一单位的联系人邮箱「" + l.email() + "」重复"));
        }
        if (l.phone().length() > 50) {
          problems.add(new Problem(l.number(), "联系电话超过 50 字"));
        }
      }
      if (problems.size() > before) {
        continue;
      }
      Wanted w = wanted.get(code);
      if (w == null) {
        w = new Wanted(code, l.name(), category.get(), new ArrayList<>());
        wanted.put(code, w);
        firstLine.put(code, l.number());
      } else if (!w.name().equals(l.name()) || w.category() != category.get()) {
        problems.add(
            new Problem(
                l.number(), "单位代码 " + code + " 在第 " + firstLine.get(code) + " 行的名称或类别与本行不同"));
        continue;
      }
      if (hasContact) {
        w.contacts()
            .add(
                new Contact(
                    null, l.contact(), l.email().toLowerCase(Locale.ROOT), blankToNull(l.phone())));
      }
    }
    return wanted;
  }

  /**
   * Compares the wanted units with the directory; {@code whole}: units not wanted are deactivated.
   */
  private List<Change> diff(Map<String, Wanted> wanted, boolean whole) {
    Map<String, Entry> current = new LinkedHashMap<>();
    for (Entry e : list(null, true)) {
      current.put(e.code(), e);
    }
    List<Change> changes = new ArrayList<>();
    for (Wanted w : wanted.values()) {
      Entry e = current.get(w.code());
      if (e == null) {
        List<String> details = new ArrayList<>();
        details.add(w.category().label());
        w.contacts().forEach(c -> details.add("联系人 " + c.name() + " <" + c.email() + ">"));
        changes.add(new Change("NEW", w.code(), w.name(), details));
        continue;
      }
      List<String> details = new ArrayList<>();
      if (!e.active()) {
        details.add("重新启用");
      }
      if (!e.name().equals(w.name())) {
        details.add("名称：" + e.name() + " → " + w.name());
      }
      if (e.category() != w.category()) {
        details.add("类别：" + e.category().label() + " → " + w.category().label());
      }
      Map<String, Contact> had = new LinkedHashMap<>();
      e.contacts().forEach(c -> had.put(c.email().toLowerCase(Locale.ROOT), c));
      for (Contact c : w.contacts()) {
        Contact old = had.remove(c.email());
        if (old == null) {
          details.add("新增联系人 " + c.name() + " <" + c.email() + ">");
        } else if (!old.name().equals(c.name()) || !Objects.equals(old.phone(), c.phone())) {
          details.add(
              "联系人 "
                  + c.email()
                  + "："
                  + old.name()
                  + (old.phone() == null ? "" : " " + old.phone())
                  + " → "
                  + c.name()
                  + (c.phone() == null ? "" : " " + c.phone()));
        }
      }
      had.values().forEach(c -> details.add("移除联系人 " + c.name() + " <" + c.email() + ">"));
      List<String> order = w.contacts().stream().map(Contact::email).toList();
      List<String> was =
          e.contacts().stream()
              .map(c -> c.email().toLowerCase(Locale.ROOT))
              .filter(order::contains)
              .toList();
      if (details.isEmpty() && !was.equals(order.stream().filter(was::contains).toList())) {
        details.add("联系人顺序调整");
      }
      changes.add(
          new Change(details.isEmpty() ? "UNCHANGED" : "CHANGED", w.code(), w.name(), details));
    }
    if (whole) {
      for (Entry e : current.values()) {
        if (e.active() && !wanted.containsKey(e.code())) {
          List<String> details = new ArrayList<>();
          details.add("不在本次导入的名录中");
          e.contacts().forEach(c -> details.add("移除联系人 " + c.name() + " <" + c.email() + ">"));
          changes.add(new Change("DEACTIVATED", e.code(), e.name(), details));
        }
      }
    }
    return changes;
  }

  /**
   * Writes one unit as wanted (in the caller's transaction): the unit row, its group, its contacts'
   * users and memberships. Returns the contacts it created.
   */
  private List<Contact> store(Wanted w, String by) {
    Instant now = EngineClock.now();
    Map<String, Contact> had = new LinkedHashMap<>();
    directory.contactsOf(w.code()).forEach(c -> had.put(c.email().toLowerCase(Locale.ROOT), c));
    group(w.code(), w.name());
    List<Contact> created = new ArrayList<>();
    List<Contact> kept = new ArrayList<>();
    int position = 0;
    for (Contact c : w.contacts()) {
      Contact old = had.remove(c.email());
      String userId = old != null ? old.userId() : newUserId(w.code());
      user(userId, c.name(), c.email());
      membership(userId, Unit.groupOf(w.code()));
      membership(userId, Roles.UNIT_CONTACTS);
      Contact stored = new Contact(userId, c.name(), c.email(), c.phone());
      if (old == null) {
        directory.addContact(w.code(), position, stored);
        created.add(stored);
      } else {
        directory.updateContact(position, stored);
      }
      kept.add(stored);
      position++;
    }
    for (Contact gone : had.values()) {
      removeContact(gone, w.code(), by, now);
    }
    directory.save(w.code(), w.name(), w.category(), kept.isEmpty() ? null : kept.get(0));
    return created;
  }

  private void deactivateInTransaction(String code, String by) {
    Instant now = EngineClock.now();
    directory.contactsOf(code).forEach(c -> removeContact(c, code, by, now));
    directory.deactivate(code);
  }

  /** The contact leaves the unit: no more membership, links revoked, the user gone if unused. */
  private void removeContact(Contact c, String unitCode, String by, Instant now) {
    directory.removeContact(c.userId());
    identity.deleteMembership(c.userId(), Unit.groupOf(unitCode));
    links.revokeUser(c.userId(), by, now);
    boolean otherGroups =
        identity.createGroupQuery().groupMember(c.userId()).list().stream()
            .map(Group::getId)
            .anyMatch(g -> !g.equals(Roles.UNIT_CONTACTS));
    if (!otherGroups) {
      identity.deleteUser(c.userId());
    }
  }

  private void group(String code, String name) {
    String id = Unit.groupOf(code);
    Group group = identity.createGroupQuery().groupId(id).singleResult();
    if (group == null) {
      group = identity.newGroup(id);
      group.setType("WORKFLOW");
    }
    group.setName(name.length() > 255 ? name.substring(0, 255) : name);
    identity.saveGroup(group);
  }

  private void user(String userId, String name, String email) {
    User user = identity.createUserQuery().userId(userId).singleResult();
    if (user == null) {
      user = identity.newUser(userId);
    }
    // the webapps print "first last"; a Chinese name reads whole, family name first
    user.setFirstName(name);
    user.setLastName("");
    user.setEmail(email);
    identity.saveUser(user);
  }

  private void membership(String userId, String groupId) {
    if (identity.createUserQuery().userId(userId).memberOfGroup(groupId).count() == 0) {
      identity.createMembership(userId, groupId);
    }
  }

  /** A contact's user id: the unit's code and a random part (never reused, not guessable). */
  private static String newUserId(String code) {
    StringBuilder s = new StringBuilder(code).append("-c");
    String alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
    for (int i = 0; i < 8; i++) {
      s.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return s.toString();
  }

  private void sendWelcomes(List<Contact> contacts, Map<String, String> unitOf) {
    for (Contact c : contacts) {
      String unit = unitOf.get(c.userId());
      String unitName = directory.find(unit).map(Unit::name).orElse(unit);
      try {
        mails.sendWelcome(c.userId(), c.name(), c.email(), unit, unitName);
      } catch (RuntimeException e) {
        // the mail log has the failure; the contact can ask for a link on the sign-in page
        LOG.warn("Welcome mail to {} ({}) failed: {}", c.userId(), unit, e.toString());
      }
    }
  }

  private void record(String by, String action, String summary, List<String> details) {
    String text = String.join("\n", details);
    jdbc.update(
        "INSERT INTO stwd_directory_audit (at, by_user, action, summary, details) VALUES (?, ?, ?, ?, ?)",
        Timestamp.from(EngineClock.now()),
        by,
        action,
        summary.length() > 500 ? summary.substring(0, 500) : summary,
        text.length() > 100_000 ? text.substring(0, 100_000) : text);
  }

  private static String counts(List<Change> changes) {
    return "新增 "
        + changes.stream().filter(c -> c.kind().equals("NEW")).count()
        + " 家、变更 "
        + changes.stream().filter(c -> c.kind().equals("CHANGED")).count()
        + " 家、停用 "
        + changes.stream().filter(c -> c.kind().equals("DEACTIVATED")).count()
        + " 家";
  }

  private static String line(Change c) {
    String kind =
        switch (c.kind()) {
          case "NEW" -> "新增";
          case "CHANGED" -> "变更";
          case "DEACTIVATED" -> "停用";
          default -> "未变";
        };
    return kind + " " + c.unitName() + "（" + c.unitCode() + "）：" + String.join("；", c.details());
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
