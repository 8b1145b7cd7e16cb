package org.example.stwd.notify;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.example.stwd.core.Unit;
import org.example.stwd.core.UnitDirectory;
import org.springframework.stereotype.Component;

/** Who receives a unit's or a group's mail: directory contacts and members of the Camunda group. */
@Component
public class Recipients {

  private final UnitDirectory directory;
  private final IdentityService identityService;

  public Recipients(UnitDirectory directory, IdentityService identityService) {
    this.directory = directory;
    this.identityService = identityService;
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

  public List<String> ofGroup(String groupId) {
    Set<String> emails = new LinkedHashSet<>();
    for (User user : identityService.createUserQuery().memberOfGroup(groupId).list()) {
      if (user.getEmail() != null && !user.getEmail().isBlank()) {
        emails.add(user.getEmail());
      }
    }
    return List.copyOf(emails);
  }
}
