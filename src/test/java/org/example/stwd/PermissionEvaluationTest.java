package org.example.stwd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.db.CompositePermissionCheck;
import org.camunda.bpm.engine.impl.db.PermissionCheck;
import org.camunda.bpm.engine.impl.persistence.entity.AuthorizationManager;
import org.camunda.bpm.engine.impl.util.ResourceTypeUtil;
import org.example.stwd.core.Phase;
import org.example.stwd.engine.OwnGroupsAuthorizationManager;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The product's permission evaluation in Java (OwnGroupsAuthorizationManager, ADR 0007) answers
 * every check exactly as the engine's own SQL does, over the product's real grants (those of
 * AccessSetup, the engine's task grants, the administrators'): for every role, every resource type
 * and resource the product grants on, every permission of that type, granted and denied alike. On
 * H2 here; {@code PermissionEvaluationPostgresIT} asks PostgreSQL.
 */
class PermissionEvaluationTest extends ProcessTestSupport {

  @Autowired IdentityService identityService;

  @Test
  void everyCheckOfTheProductsGrantsIsAnsweredAsTheEngineAnswersIt() {
    clock("2023-05-06T10:00");
    distributedCampaign(
        with(payload("2023/01-register-notice.json"), "campaignCode", "PERM-2023"),
        with(
            payload("2023/02-draft-forwarding.json"),
            "targetCategories",
            List.of(),
            "targetUnitCodes",
            "wc01 wc02"));
    submit(unitTask("PERM-2023", "wc02", Phase.PLAN, "Task_SubmitPlan"), plan2023());

    // every resource that a grant names, and some that none names
    Set<String> resourceIds = new LinkedHashSet<>(Arrays.asList("*", "no-such-resource", null));
    jdbc.queryForList("SELECT DISTINCT RESOURCE_ID_ FROM ACT_RU_AUTHORIZATION", String.class)
        .forEach(resourceIds::add);
    Set<Integer> resourceTypes =
        new LinkedHashSet<>(
            jdbc.queryForList(
                "SELECT DISTINCT RESOURCE_TYPE_ FROM ACT_RU_AUTHORIZATION", Integer.class));
    List<String> users = List.of("wc01", "wc02", "hq01", "leader01", "admin", "nobody");

    ProcessEngineConfigurationImpl configuration =
        (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    int granted = 0;
    int denied = 0;
    for (String user : users) {
      List<String> groups =
          identityService.createGroupQuery().groupMember(user).list().stream()
              .map(Group::getId)
              .toList();
      for (int type : resourceTypes) {
        Resource resource = ResourceTypeUtil.getResourceByType(type);
        for (Permission permission : ResourceTypeUtil.getPermissionsByResourceType(type)) {
          if (permission == Permissions.NONE
              || !ResourceTypeUtil.resourceIsContainedInArray(type, permission.getTypes())) {
            continue;
          }
          for (String resourceId : resourceIds) {
            PermissionCheck atomic = new PermissionCheck();
            atomic.setResource(resource);
            atomic.setResourceId(resourceId);
            atomic.setPermission(permission);
            CompositePermissionCheck check = new CompositePermissionCheck(true);
            check.addAtomicCheck(atomic);
            List<Boolean> answers =
                PermissionEvaluationTest.bothAnswers(configuration, user, groups, check);
            assertThat(answers.get(0))
                .as(
                    "%s: %s on %s %s",
                    user, permission.getName(), resource.resourceName(), resourceId)
                .isEqualTo(answers.get(1));
            if (answers.get(1)) {
              granted++;
            } else {
              denied++;
            }
          }
        }
      }
    }
    Class<?> manager =
        configuration
            .getCommandExecutorTxRequired()
            .execute(context -> context.getAuthorizationManager().getClass());
    assertThat(manager).isEqualTo(OwnGroupsAuthorizationManager.class);
    // the product's grants give both answers, many times
    assertThat(granted).isGreaterThan(100);
    assertThat(denied).isGreaterThan(1000);
    // composite checks as the engine builds them (disjunctive and conjunctive), over the same
    // grants
    List<Resource> types =
        new ArrayList<>(resourceTypes.stream().map(ResourceTypeUtil::getResourceByType).toList());
    List<String> ids = new ArrayList<>(resourceIds);
    java.util.Random random = new java.util.Random(11);
    for (int i = 0; i < 300; i++) {
      CompositePermissionCheck check = new CompositePermissionCheck(random.nextBoolean());
      for (int j = 1 + random.nextInt(3); j > 0; j--) {
        Resource resource = types.get(random.nextInt(types.size()));
        List<Permission> permissions =
            Arrays.stream(ResourceTypeUtil.getPermissionsByResourceType(resource.resourceType()))
                .filter(
                    p ->
                        p != Permissions.NONE
                            && ResourceTypeUtil.resourceIsContainedInArray(
                                resource.resourceType(), p.getTypes()))
                .toList();
        PermissionCheck atomic = new PermissionCheck();
        atomic.setResource(resource);
        atomic.setResourceId(ids.get(random.nextInt(ids.size())));
        atomic.setPermission(permissions.get(random.nextInt(permissions.size())));
        atomic.setAuthorizationNotFoundReturnValue(
            random.nextBoolean() ? null : (long) random.nextInt(2));
        check.addAtomicCheck(atomic);
      }
      String user = users.get(random.nextInt(users.size()));
      List<String> groups =
          identityService.createGroupQuery().groupMember(user).list().stream()
              .map(Group::getId)
              .toList();
      List<Boolean> answers =
          PermissionEvaluationTest.bothAnswers(configuration, user, groups, check);
      assertThat(answers.get(0)).as("composite %d for %s", i, user).isEqualTo(answers.get(1));
    }
  }

  /** The product's answer to a permission check and the stock engine's, in one command. */
  static List<Boolean> bothAnswers(
      ProcessEngineConfigurationImpl configuration,
      String user,
      List<String> groups,
      CompositePermissionCheck check) {
    return configuration
        .getCommandExecutorTxRequired()
        .execute(
            context ->
                List.of(
                    context.getAuthorizationManager().isAuthorized(user, groups, check),
                    new AuthorizationManager().isAuthorized(user, groups, check)));
  }
}
