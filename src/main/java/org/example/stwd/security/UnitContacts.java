package org.example.stwd.security;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.example.stwd.config.StwdProperties;
import org.example.stwd.engine.IdentityChanges;
import org.springframework.stereotype.Component;

/**
 * Who a unit contact is, from Camunda's identity service: a user in {@code unit-contacts} and in
 * the unit's own group {@code unit-<code>}. Nothing a request says decides it.
 *
 * <p>The unit page asks on every request whether its signed-in contact still is one (two identity
 * queries). The answer is remembered as a verified REST login is ({@code stwd.login-cache-ttl}, one
 * minute): every change to users, groups or memberships made through the engine on this node
 * forgets all answers at once, a change on another node takes effect within that time, and {@code
 * 0s} asks every time.
 */
@Component
public class UnitContacts {

  /** An answer, until when it holds, and the count of identity changes it was read after. */
  private record Remembered(Optional<Contact> contact, long until, long changes) {}

  private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();

  /** Counts identity changes: an answer read while one happened is not remembered. */
  private final AtomicLong changes = new AtomicLong();

  private final Duration ttl;

  private static final String UNIT_GROUP_PREFIX = "unit-";

  /** A contact of a unit, with all their groups (the engine's authorization uses them). */
  public record Contact(
      String userId, String name, String email, String unitCode, List<String> groups) {}

  private final IdentityService identity;

  public UnitContacts(
      IdentityService identity, IdentityChanges identityChanges, StwdProperties properties) {
    this.identity = identity;
    this.ttl = properties.loginCacheTtl();
    identityChanges.subscribe(
        () -> {
          changes.incrementAndGet();
          remembered.clear();
        });
  }

  /**
   * The user as a contact of {@code unitCode}, if they are one (remembered for {@code
   * stwd.login-cache-ttl}, see above): what the unit page checks on every request.
   */
  public Optional<Contact> of(String userId, String unitCode) {
    if (userId == null) {
      return Optional.empty();
    }
    long now = System.nanoTime();
    Remembered r = remembered.get(userId);
    // an answer holds until its time is up or any identity change is announced after it was read
    if (r == null || now - r.until() > 0 || r.changes() != changes.get()) {
      long before = changes.get();
      Optional<Contact> contact = find(userId);
      if (!ttl.isZero()) {
        if (remembered.size() > 100_000) {
          remembered.clear();
        }
        remembered.put(userId, new Remembered(contact, now + ttl.toNanos(), before));
      }
      r = new Remembered(contact, 0, before);
    }
    return r.contact().filter(c -> c.unitCode().equals(unitCode));
  }

  /**
   * The user as a unit contact, if they are one: the unit is their unit group (the first by code,
   * should a person be the contact of several units).
   */
  public Optional<Contact> find(String userId) {
    if (userId == null) {
      return Optional.empty();
    }
    User user = identity.createUserQuery().userId(userId).singleResult();
    if (user == null) {
      return Optional.empty();
    }
    List<String> groups =
        identity.createGroupQuery().groupMember(userId).list().stream()
            .map(Group::getId)
            .sorted()
            .toList();
    if (!groups.contains(Roles.UNIT_CONTACTS)) {
      return Optional.empty();
    }
    return groups.stream()
        .filter(g -> g.startsWith(UNIT_GROUP_PREFIX) && !g.equals(Roles.UNIT_CONTACTS))
        .findFirst()
        .map(
            group ->
                new Contact(
                    userId,
                    name(user),
                    user.getEmail(),
                    group.substring(UNIT_GROUP_PREFIX.length()),
                    groups));
  }

  /** The contacts of a unit (members of its group who are unit contacts). */
  public List<Contact> ofUnit(String unitCode) {
    return identity.createUserQuery().memberOfGroup(UNIT_GROUP_PREFIX + unitCode).list().stream()
        .map(user -> of(user.getId(), unitCode))
        .flatMap(Optional::stream)
        .toList();
  }

  /** The contact whose e-mail this is (case-insensitive), if any. */
  public Optional<Contact> byEmail(String email) {
    if (email == null || email.isBlank()) {
      return Optional.empty();
    }
    return identity.createUserQuery().userEmail(email.strip()).list().stream()
        .map(user -> find(user.getId()))
        .flatMap(Optional::stream)
        .findFirst();
  }

  /** Whether a user is a unit contact and nothing more (no HQ or administrator group). */
  public static boolean onlyUnitContact(List<String> groups) {
    return groups.contains(Roles.UNIT_CONTACTS)
        && !Roles.isHq(groups)
        && !groups.contains(Roles.HQ_LEADERS);
  }

  /** A user's name as people write it (family name first), or the id of an unknown user. */
  public String nameOf(String userId) {
    if (userId == null) {
      return null;
    }
    User user = identity.createUserQuery().userId(userId).singleResult();
    return user == null ? userId : name(user);
  }

  private static String name(User user) {
    String last = user.getLastName() == null ? "" : user.getLastName();
    String first = user.getFirstName() == null ? "" : user.getFirstName();
    String name = (last + first).strip();
    return name.isEmpty() ? user.getId() : name;
  }
}
