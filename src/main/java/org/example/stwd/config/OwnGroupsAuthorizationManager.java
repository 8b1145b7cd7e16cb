package org.example.stwd.config;

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
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.impl.db.DbEntity;
import org.camunda.bpm.engine.impl.interceptor.Session;
import org.camunda.bpm.engine.impl.interceptor.SessionFactory;
import org.camunda.bpm.engine.impl.persistence.entity.AuthorizationEntity;
import org.camunda.bpm.engine.impl.persistence.entity.AuthorizationManager;

/**
 * The engine's authorization manager, asking only about the caller's own groups.
 *
 * <p>Before every authorization check the engine narrows the caller's groups to those that
 * appear in any authorization. It does so by reading the distinct group id of every
 * authorization row, once per command. Each unit's task carries a grant for the unit's group,
 * so at 10,000 units that is 10,000 ids read on every REST call. Here the same question is asked
 * for the caller's few groups only (ADR 0006). The answer is the same; it is kept for the
 * command, as the engine keeps its own.
 *
 * <p>It also refuses REVOKE authorizations. Access in this product is granted, never revoked
 * (security/AccessSetup), so the engine is told not to look for revocations
 * ({@code authorization-check-revokes: never}): that drops a query from every command and half
 * of every permission check's SQL (ADR 0007). Refusing them here (Admin and REST answer with
 * this message) keeps that setting true: a revocation that the engine would silently ignore
 * cannot be created. {@code AccessSetup} refuses to start on a database that has one.
 */
public class OwnGroupsAuthorizationManager extends AuthorizationManager {

  static final String NO_REVOKES = "本系统只使用授予（GRANT）和全局（GLOBAL）授权，不支持撤销（REVOKE）授权：请删除相应的授予，而不是另建撤销授权";

  private final Map<Set<String>, List<String>> answered = new HashMap<>();

  @Override
  public void insert(DbEntity authorization) {
    refuseRevoke(authorization);
    super.insert(authorization);
  }

  @Override
  public void update(AuthorizationEntity authorization) {
    refuseRevoke(authorization);
    super.update(authorization);
  }

  private static void refuseRevoke(DbEntity entity) {
    if (entity instanceof AuthorizationEntity authorization && authorization.getAuthorizationType() == Authorization.AUTH_TYPE_REVOKE) {
      throw new BadUserRequestException(NO_REVOKES);
    }
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

  private List<String> groupsWithAuthorizations(Set<String> groups) {
    String sql = "SELECT DISTINCT GROUP_ID_ FROM " + getDbSqlSession().prependDatabaseTablePrefix("ACT_RU_AUTHORIZATION")
        + " WHERE GROUP_ID_ IN (" + String.join(", ", Collections.nCopies(groups.size(), "?")) + ")";
    Connection connection = getDbSqlSession().getSqlSession().getConnection();
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      int i = 1;
      for (String group : groups) {
        statement.setString(i++, group);
      }
      List<String> found = new ArrayList<>();
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          found.add(rs.getString(1));
        }
      }
      return found;
    } catch (SQLException e) {
      throw new ProcessEngineException("Could not read the authorizations of the groups " + groups, e);
    }
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
