package org.example.stwd.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.example.stwd.core.Unit;
import org.example.stwd.core.UnitDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * Loads the demo users, groups and unit directory from src/main/resources/demo/ (users.csv,
 * units.csv). Idempotent: what exists is kept, what is missing is created, so it runs on every
 * start of the demo profile.
 */
@Component
@ConditionalOnProperty(name = "stwd.demo.enabled", havingValue = "true")
public class DemoData implements ApplicationRunner {

  private static final Logger LOG = LoggerFactory.getLogger(DemoData.class);

  private final IdentityService identity;
  private final UnitDirectory directory;
  private final DemoProperties properties;

  public DemoData(IdentityService identity, UnitDirectory directory, DemoProperties properties) {
    this.identity = identity;
    this.directory = directory;
    this.properties = properties;
  }

  @Override
  public void run(ApplicationArguments args) throws IOException {
    load();
  }

  public void load() throws IOException {
    group("camunda-admin", "系统管理员", "SYSTEM");
    group("hq-office", "组织宣传部", "WORKFLOW");
    group("hq-leaders", "学会领导", "WORKFLOW");
    group("unit-contacts", "各单位联系人", "WORKFLOW");
    try (BufferedReader in = reader("demo/users.csv")) {
      in.readLine();
      String line;
      while ((line = in.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        String[] f = line.split(",", -1);
        user(f[0], f[1], f[2], f[3], List.of(f[4].split(";")));
      }
    }
    try (Reader in = reader("demo/units.csv")) {
      directory.importCsv(in);
    }
    for (Unit unit : directory.findAll()) {
      group(unit.groupId(), unit.name(), "WORKFLOW");
      if (unit.contactUserId() != null) {
        String name = unit.contactName() == null ? unit.code() : unit.contactName();
        user(
            unit.contactUserId(),
            name.length() > 1 ? name.substring(1) : name,
            name.substring(0, 1),
            unit.contactEmail(),
            List.of(unit.groupId(), "unit-contacts"));
      }
    }
    LOG.info("Demo users, groups and {} units are in place", directory.findAll().size());
  }

  private void group(String id, String name, String type) {
    if (identity.createGroupQuery().groupId(id).count() == 0) {
      Group group = identity.newGroup(id);
      group.setName(name);
      group.setType(type);
      identity.saveGroup(group);
    }
  }

  private void user(
      String id, String firstName, String lastName, String email, List<String> groups) {
    if (identity.createUserQuery().userId(id).count() == 0) {
      User user = identity.newUser(id);
      // the webapps print "first last"; a Chinese name reads family name first, so it is kept whole
      user.setFirstName(lastName + firstName);
      user.setLastName("");
      user.setEmail(email);
      user.setPassword(properties.password());
      identity.saveUser(user);
    }
    for (String group : groups) {
      if (identity.createUserQuery().userId(id).memberOfGroup(group).count() == 0) {
        identity.createMembership(id, group);
      }
    }
  }

  private static BufferedReader reader(String path) throws IOException {
    return new BufferedReader(
        new InputStreamReader(
            new ClassPathResource(path).getInputStream(), StandardCharsets.UTF_8));
  }
}
