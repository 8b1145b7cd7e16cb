package org.example.stwd.engine;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.impl.db.CompositePermissionCheck;
import org.camunda.bpm.engine.impl.db.PermissionCheck;
import org.camunda.bpm.engine.impl.interceptor.Session;
import org.camunda.bpm.engine.impl.interceptor.SessionFactory;
import org.camunda.bpm.engine.impl.persistence.entity.AuthorizationManager;

/**
 * The engine's authorization manager, asking only about the caller's own groups.
 *
 * <p>Before every authorization check the engine narrows the caller's groups to those that appear
 * in any authorization. It does so by reading the distinct group id of every authorization row,
 * once per command. Each unit's task carries a grant for the unit's group, so at 10,000 units that
 * is 10,000 ids read on every REST call. Here the same question is asked for the caller's few
 * groups only (ADR 0006). The answer is the same; it is kept for the command, as the engine keeps
 * its own.
 *
 * <p>Access in this product is granted, never revoked (security/AccessSetup), so the engine is told
 * not to look for revocations ({@code authorization-check-revokes: never}): that drops a query from
 * every command and half of every permission check's SQL (ADR 0007). EngineDoorGuard refuses to
 * save a revocation, so that the setting stays true.
 *
 * <p>Without revocations, a permission check is a plain question: is there a grant to the user, to
 * one of the caller's groups, or a global authorization, for this resource or for all resources of
 * its type, with these permission bits? The engine builds one SQL statement of nested CASEs for it
 * through MyBatis' dynamic SQL, built anew for each of the four checks of "may work on this task"
 * in every submission (ADR 0007). Here the caller's authorization rows for the resources asked
 * about are read with one plain statement and the checks are evaluated in Java, combined exactly as
 * the engine's SQL combines them (disjunctive: the first check with an answer decides; conjunctive:
 * all must). Shapes other than a list of atomic checks, and engines that do check revocations, go
 * to the engine's own implementation ({@code EngineTuningTest} compares the two answers over a few
 * hundred checks).
 */
public class OwnGroupsAuthorizationManager extends AuthorizationManager {

  private final Map<Set<String>, List<String>> answered = new HashMap<>();

  @Override
  public boolean isAuthorized(
      String userId, List<String> groupIds, PermissionCheck permissionCheck) {
    if (!isAuthorizationEnabled()) {
      return true;
    }
    return isAuthorized(userId, groupIds, createCompositePermissionCheck(permissionCheck));
  }

  @Override
  public boolean isAuthorized(
      String userId, List<String> groupIds, CompositePermissionCheck check) {
    List<PermissionCheck> atomic = check.getAtomicChecks();
    if (atomic.isEmpty()
        || !check.getCompositeChecks().isEmpty()
        || isRevokeAuthCheckEnabled(userId, groupIds)) {
      return super.isAuthorized(userId, groupIds, check);
    }
    for (PermissionCheck permissionCheck : atomic) {
      // a query's check, or one the engine rejects (a permission that does not belong to the
      // resource: the engine throws), is the engine's
      if (permissionCheck.getResourceIdQueryParam() != null
          || !isResourceValidForPermission(permissionCheck)) {
        return super.isAuthorized(userId, groupIds, check);
      }
    }
    List<String> groups = filterAuthenticatedGroupIds(groupIds);
    List<Grant> grants = grants(userId, groups, atomic);
    Long result;
    if (atomic.size() == 1) {
      result = answer(atomic.get(0), userId, groups, grants);
    } else if (check.isDisjunctive()) {
      // COALESCE(c1, COALESCE(c2, …, 0))
      result = 0L;
      for (PermissionCheck permissionCheck : atomic) {
        Long answer = answer(permissionCheck, userId, groups, grants);
        if (answer != null) {
          result = answer;
          break;
        }
      }
    } else {
      // BITAND(COALESCE(c1, 0), COALESCE(c2, 0), …)
      long all = -1L;
      for (PermissionCheck permissionCheck : atomic) {
        Long answer = answer(permissionCheck, userId, groups, grants);
        all &= answer == null ? 0L : answer;
      }
      result = all;
    }
    return result != null && result == 1L;
  }

  /**
   * One atomic check as the engine's SQL answers it without revocations: 1, or the check's value
   * for "nothing found".
   */
  private static Long answer(
      PermissionCheck check, String userId, List<String> groups, List<Grant> grants) {
    String resourceId = check.getResourceId();
    boolean specific = resourceId != null && !Authorization.ANY.equals(resourceId);
    int perms = check.getPerms();
    for (Grant grant : grants) {
      boolean resourceMatches =
          grant.resourceType() == check.getResourceType()
              && (Authorization.ANY.equals(grant.resourceId())
                  || specific && resourceId.equals(grant.resourceId()));
      boolean whoMatches =
          grant.type() == Authorization.AUTH_TYPE_GRANT
                  && (userId != null && userId.equals(grant.userId())
                      || grant.groupId() != null && groups.contains(grant.groupId()))
              || grant.type() == Authorization.AUTH_TYPE_GLOBAL
                  && Authorization.ANY.equals(grant.userId());
      if (resourceMatches && whoMatches && (grant.perms() & perms) == perms) {
        return 1L;
      }
    }
    return check.getAuthorizationNotFoundReturnValue();
  }

  record Grant(
      int type, String userId, String groupId, int resourceType, String resourceId, int perms) {}

  /** The grants and global authorizations that could answer the checks: one statement. */
  private List<Grant> grants(String userId, List<String> groups, List<PermissionCheck> checks) {
    Set<Integer> types = new LinkedHashSet<>();
    Set<String> ids = new LinkedHashSet<>();
    ids.add(Authorization.ANY);
    for (PermissionCheck check : checks) {
      types.add(check.getResourceType());
      if (check.getResourceId() != null) {
        ids.add(check.getResourceId());
      }
    }
    List<Object> parameters = new ArrayList<>();
    StringBuilder sql =
        new StringBuilder(
                "SELECT TYPE_, USER_ID_, GROUP_ID_, RESOURCE_TYPE_, RESOURCE_ID_, PERMS_ FROM ")
            .append(authorizationTable())
            .append(" WHERE TYPE_ < 2 AND RESOURCE_TYPE_ IN ")
            .append(placeholders(types.size()))
            .append(" AND RESOURCE_ID_ IN ")
            .append(placeholders(ids.size()))
            .append(" AND (USER_ID_ IN (?, ?)");
    parameters.addAll(types);
    parameters.addAll(ids);
    parameters.add(userId == null ? Authorization.ANY : userId);
    parameters.add(Authorization.ANY);
    if (!groups.isEmpty()) {
      sql.append(" OR GROUP_ID_ IN ").append(placeholders(groups.size()));
      parameters.addAll(groups);
    }
    sql.append(")");
    return select(
        sql.toString(),
        parameters,
        rs ->
            new Grant(
                rs.getInt(1),
                rs.getString(2),
                rs.getString(3),
                rs.getInt(4),
                rs.getString(5),
                rs.getInt(6)),
        "the authorizations for a permission check of " + userId);
  }

  @Override
  public List<String> filterAuthenticatedGroupIds(List<String> authenticatedGroupIds) {
    if (authenticatedGroupIds == null || authenticatedGroupIds.isEmpty()) {
      return Collections.emptyList();
    }
    Set<String> groups = new LinkedHashSet<>(authenticatedGroupIds);
    groups.remove(null);
    if (groups.isEmpty()) {
      return Collections.emptyList();
    }
    return answered.computeIfAbsent(groups, this::groupsWithAuthorizations);
  }

  /**
   * Which of the groups have any authorization: one index probe per group. ({@code SELECT DISTINCT
   * GROUP_ID_ … IN (…)} read every row of a group: hq-office holds one per open review task, 0.5 ms
   * of PostgreSQL's time per review at 10,000 units.)
   */
  private List<String> groupsWithAuthorizations(Set<String> groups) {
    String values =
        String.join(", ", Collections.nCopies(groups.size(), "(CAST(? AS VARCHAR(255)))"));
    return select(
        "SELECT C.G FROM (VALUES "
            + values
            + ") C(G) WHERE EXISTS (SELECT 1 FROM "
            + authorizationTable()
            + " A WHERE A.GROUP_ID_ = C.G)",
        List.copyOf(groups),
        rs -> rs.getString(1),
        "the authorizations of the groups " + groups);
  }

  private interface Row<T> {
    T read(ResultSet rs) throws SQLException;
  }

  /**
   * A plain statement on the command's own connection (the engine's MyBatis statements would
   * rebuild their SQL on every call).
   */
  private <T> List<T> select(String sql, List<?> parameters, Row<T> row, String what) {
    Connection connection = getDbSqlSession().getSqlSession().getConnection();
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.size(); i++) {
        statement.setObject(i + 1, parameters.get(i));
      }
      List<T> found = new ArrayList<>();
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          found.add(row.read(rs));
        }
      }
      return found;
    } catch (SQLException e) {
      throw new ProcessEngineException("Could not read " + what, e);
    }
  }

  private String authorizationTable() {
    return getDbSqlSession().prependDatabaseTablePrefix("ACT_RU_AUTHORIZATION");
  }

  private static String placeholders(int count) {
    return "(" + String.join(", ", Collections.nCopies(count, "?")) + ")";
  }

  /** Registered in place of the engine's own factory for {@link AuthorizationManager}. */
  static class Factory implements SessionFactory {
    @Override
    public Class<?> getSessionType() {
      return AuthorizationManager.class;
    }

    @Override
    public Session openSession() {
      return new OwnGroupsAuthorizationManager();
    }
  }
}
