package org.example.stwd.engine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.Tenant;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.identity.ReadOnlyIdentityProvider;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.example.stwd.config.StwdProperties;
import org.springframework.stereotype.Component;

/**
 * HTTP Basic logins of REST clients ({@code /engine-rest} and the application's {@code /api}).
 *
 * <p>A login is checked against Camunda's identity service (password, lock-out after failed
 * attempts) and the caller's groups and tenants are read in the same engine command, instead of the
 * three commands (three transactions) the engine's REST filter runs on every request. A verified
 * login is remembered for {@code stwd.login-cache-ttl} (default one minute), so that a client
 * calling again and again (HQ's reviewers, scripts) is not checked on every call, the way the
 * webapps keep a logged-in session. Only successful logins are remembered, under a salted hash of
 * the password, never the password itself; a wrong password always goes to the identity service
 * (and counts towards its lock-out), and makes the user's remembered logins end, so that an account
 * locked by failed attempts is locked for remembered logins too.
 *
 * <p>Every change to users, groups, memberships or tenants made through the engine on this node
 * forgets all remembered logins at once ({@link IdentityChangeInterceptor}); a change made on
 * another node or in the database directly takes effect within the time to live. With {@code
 * stwd.login-cache-ttl=0s} every request is checked.
 */
@Component
public class BasicLogins {

  /** A verified caller: user, groups, tenants. */
  public record Login(String userId, List<String> groupIds, List<String> tenantIds) {}

  private record Remembered(Login login, long until) {}

  static final int MAX_REMEMBERED = 10_000;

  private final ProcessEngine engine;
  private final long ttlNanos;
  private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();
  private final byte[] salt = new byte[32];

  /** Counts identity changes and failed logins; a check that overlapped one is not remembered. */
  private final AtomicLong generation = new AtomicLong();

  public BasicLogins(
      ProcessEngine engine,
      StwdProperties properties,
      IdentityChanges identityChanges,
      EngineTuning tuning) {
    this.engine = engine;
    Duration ttl = properties.loginCacheTtl();
    this.ttlNanos =
        !tuning.rememberedLoginsOn() || ttl == null || ttl.isNegative() ? 0 : ttl.toNanos();
    new SecureRandom().nextBytes(salt);
    identityChanges.subscribe(this::forgetAll);
  }

  /** The caller of an {@code Authorization: Basic …} header, if the credentials are valid. */
  public Optional<Login> verify(String authorizationHeader) {
    if (authorizationHeader == null
        || !authorizationHeader.regionMatches(true, 0, "Basic ", 0, 6)) {
      return Optional.empty();
    }
    String decoded;
    try {
      // as leniently as the engine's provider (Commons Codec): line breaks and stray characters are
      // skipped
      decoded =
          new String(
              Base64.getMimeDecoder().decode(authorizationHeader.substring(6).trim()),
              StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    int colon = decoded.indexOf(':');
    if (colon < 1) {
      return Optional.empty();
    }
    return verify(decoded.substring(0, colon), decoded.substring(colon + 1));
  }

  /** The user with their groups and tenants, if the password is right and the user not locked. */
  public Optional<Login> verify(String userId, String password) {
    String key = ttlNanos > 0 ? key(userId, password) : null;
    long now = System.nanoTime();
    if (key != null) {
      Remembered r = remembered.get(key);
      if (r != null && now - r.until() < 0) {
        return Optional.of(r.login());
      }
    }
    long startedIn = generation.get();
    Login login = check(userId, password);
    if (login == null) {
      // a failed attempt may have locked the account: its remembered logins end now, and a check
      // of it that is under way is not remembered
      generation.incrementAndGet();
      String prefix = userId + '\0';
      remembered.keySet().removeIf(k -> k.startsWith(prefix));
      return Optional.empty();
    }
    if (key != null && startedIn == generation.get()) {
      if (remembered.size() >= MAX_REMEMBERED) {
        remembered.values().removeIf(r -> now - r.until() >= 0);
        if (remembered.size() >= MAX_REMEMBERED) {
          remembered.clear();
        }
      }
      remembered.put(key, new Remembered(login, now + ttlNanos));
      // an identity change that committed while this check ran may have been missed by it
      if (startedIn != generation.get()) {
        remembered.remove(key);
      }
    }
    return Optional.of(login);
  }

  /** Forgets every remembered login (an identity change on this node). */
  public void forgetAll() {
    generation.incrementAndGet();
    remembered.clear();
  }

  private Login check(String userId, String password) {
    ProcessEngineConfigurationImpl configuration =
        (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    // as the engine's REST filter does it, before any caller is set: without authorization checks
    return configuration
        .getCommandExecutorTxRequired()
        .execute(
            (CommandContext context) ->
                context.runWithoutAuthorization(
                    () -> {
                      ReadOnlyIdentityProvider identity = context.getReadOnlyIdentityProvider();
                      if (!identity.checkPassword(userId, password)) {
                        return null;
                      }
                      List<String> groups =
                          identity.createGroupQuery().groupMember(userId).list().stream()
                              .map(Group::getId)
                              .toList();
                      List<String> tenants =
                          identity
                              .createTenantQuery()
                              .userMember(userId)
                              .includingGroupsOfUser(true)
                              .list()
                              .stream()
                              .map(Tenant::getId)
                              .toList();
                      return new Login(userId, groups, tenants);
                    }));
  }

  private String key(String userId, String password) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(salt);
      sha.update(userId.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(password.getBytes(StandardCharsets.UTF_8));
      return userId + '\0' + Base64.getEncoder().encodeToString(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
