package org.example.stwd.notify;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.example.stwd.config.StwdProperties;
import org.example.stwd.core.Unit;
import org.example.stwd.core.UnitDirectory;
import org.example.stwd.engine.EngineClock;
import org.example.stwd.security.Roles;
import org.example.stwd.security.SignInLinks;
import org.springframework.stereotype.Component;

/**
 * Who receives a unit's or a group's mail: directory contacts and members of the Camunda group. A
 * unit's mail goes as one copy per contact, each with the contact's own sign-in link to the unit
 * page ({@link SignInLinks}).
 */
@Component
public class Recipients {

  private final UnitDirectory directory;
  private final IdentityService identityService;
  private final StwdProperties properties;

  public Recipients(
      UnitDirectory directory, IdentityService identityService, StwdProperties properties) {
    this.directory = directory;
    this.identityService = identityService;
    this.properties = properties;
  }

  public List<String> ofUnit(String unitCode) {
    Set<String> emails = new LinkedHashSet<>();
    directory
        .find(unitCode)
        .map(Unit::contactEmail)
        .filter(e -> e != null && !e.isBlank())
        .ifPresent(emails::add);
    emails.addAll(ofGroup(Unit.groupOf(unitCode)));
    return List.copyOf(emails);
  }

  /**
   * The units among these that have no address to write to ({@link #ofUnit} empty), for many units
   * at once: the directory's addresses in a few queries, the unit's group asked only where the
   * directory has none.
   */
  public Set<String> withoutAddress(Collection<String> unitCodes) {
    Map<String, Unit> units = directory.activeByCodes(unitCodes);
    Set<String> without = new LinkedHashSet<>();
    for (String code : unitCodes) {
      Unit unit = units.get(code);
      boolean listed =
          unit != null && unit.contactEmail() != null && !unit.contactEmail().isBlank();
      if (!listed && ofGroup(Unit.groupOf(code)).isEmpty()) {
        without.add(code);
      }
    }
    return without;
  }

  public List<String> ofGroup(String groupId) {
    Set<String> emails = new LinkedHashSet<>();
    for (User user : identityService.createUserQuery().memberOfGroup(groupId).list()) {
      if (user.getEmail() != null && !user.getEmail().isBlank()) {
        emails.add(user.getEmail());
      }
    }
    return List.copyOf(emails);
  }

  /**
   * A unit's mail as one copy per recipient: each unit contact (a user in {@code unit-contacts} and
   * the unit's group) gets a personal sign-in link valid until {@code linkExpiresAt} (stored when
   * the copy is recorded as sent, {@link MailService}); the directory's contact address, when no
   * contact has it, and group members who are not unit contacts get the unit page's own address.
   * {@code render} renders the mail with a link.
   */
  public List<OutgoingMail.Copy> personalCopies(
      String unitCode,
      MailKind kind,
      Instant linkExpiresAt,
      Function<String, MailTemplates.Body> render) {
    List<User> members =
        identityService.createUserQuery().memberOfGroup(Unit.groupOf(unitCode)).list();
    Set<String> contacts =
        members.isEmpty()
            ? Set.of()
            : identityService
                .createUserQuery()
                .memberOfGroup(Roles.UNIT_CONTACTS)
                .userIdIn(members.stream().map(User::getId).toArray(String[]::new))
                .list()
                .stream()
                .map(User::getId)
                .collect(Collectors.toSet());
    Instant now = EngineClock.now();
    List<OutgoingMail.Copy> copies = new ArrayList<>();
    Set<String> addresses = new LinkedHashSet<>();
    MailTemplates.Body impersonal = null;
    for (User user : members) {
      String email = user.getEmail();
      if (email == null || email.isBlank() || !addresses.add(email.toLowerCase(Locale.ROOT))) {
        continue;
      }
      if (contacts.contains(user.getId())) {
        SignInLinks.Pending link =
            SignInLinks.make(user.getId(), unitCode, kind.name(), now, linkExpiresAt);
        copies.add(
            new OutgoingMail.Copy(
                user.getId(),
                List.of(email),
                render.apply(properties.signInUrl(link.token())),
                List.of(link)));
      } else {
        impersonal = impersonal != null ? impersonal : render.apply(properties.unitPageUrl());
        copies.add(new OutgoingMail.Copy(user.getId(), List.of(email), impersonal));
      }
    }
    String directoryEmail = directory.find(unitCode).map(Unit::contactEmail).orElse(null);
    if (directoryEmail != null
        && !directoryEmail.isBlank()
        && addresses.add(directoryEmail.toLowerCase(Locale.ROOT))) {
      copies.add(
          new OutgoingMail.Copy(
              directoryEmail,
              List.of(directoryEmail),
              impersonal != null ? impersonal : render.apply(properties.unitPageUrl())));
    }
    return copies;
  }

  /**
   * Until when the links in a mail of a phase work: {@code stwd.unit-page.link-validity} from now
   * if set, else until the phase's grace ends; at least {@code link-minimum-validity}.
   */
  public Instant linkExpiry(Instant phaseCutoff) {
    Instant now = EngineClock.now();
    StwdProperties.UnitPage settings = properties.unitPage();
    if (settings.linkValidity() != null) {
      return now.plus(settings.linkValidity());
    }
    Instant least = now.plus(settings.linkMinimumValidity());
    return phaseCutoff != null && phaseCutoff.isAfter(least) ? phaseCutoff : least;
  }
}
