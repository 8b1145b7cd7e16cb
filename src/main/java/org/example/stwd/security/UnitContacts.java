package org.example.stwd.security;

import java.util.List;
import java.util.Optional;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.springframework.stereotype.Component;

/**
 * Who a unit contact is, from Camunda's identity service: a user in {@code unit-contacts} and in
 * the unit's own group {@code unit-<code>}. Nothing a request says decides it.
 */
@Component
public class UnitContacts {

  private static final String UNIT_GROUP_PREFIX = "unit-";

  /** A contact of a unit, with all their groups (the engine's authorization uses them). */
  public record Contact(
      String userId, String name, String email, String unitCode, List<String> groups) {}

  private final IdentityService identity;

  public UnitContacts(IdentityService identity) {
    this.identity = identity;
  }

  /** The user as a contact of {@code unitCode}, if they are one. */
  public Optional<Contact> of(String userId, String unitCode) {
    return find(userId).filter(c -> c.unitCode().equals(unitCode));
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
