package org.example.stwd.unitpage;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.IdentityService;
import org.example.stwd.engine.Callers;
import org.example.stwd.engine.EngineClock;
import org.example.stwd.notify.UnitPageMails;
import org.example.stwd.security.SignInLinks;
import org.example.stwd.security.SignInThrottle;
import org.example.stwd.security.UnitContacts;
import org.example.stwd.security.UnitContacts.Contact;
import org.example.stwd.security.UnitSessions;
import org.example.stwd.security.UnitSessions.UnitSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Signing in to the unit page: with a personal link from a mail, with a password, or by asking for
 * a new link by e-mail; and signing out, which also ends the link the session was opened with.
 * Every attempt is counted by {@link SignInThrottle}. Tokens are never logged.
 */
@RestController
@RequestMapping("/api/unit/session")
public class SignInController {

  private static final Logger LOG = LoggerFactory.getLogger(SignInController.class);
  private static final String HOME = "/unit/";

  private final SignInLinks links;
  private final UnitContacts contacts;
  private final SignInThrottle throttle;
  private final IdentityService identity;
  private final UnitPageMails mails;
  private final Callers callers;

  public SignInController(
      SignInLinks links,
      UnitContacts contacts,
      SignInThrottle throttle,
      IdentityService identity,
      UnitPageMails mails,
      Callers callers) {
    this.links = links;
    this.contacts = contacts;
    this.throttle = throttle;
    this.identity = identity;
    this.mails = mails;
    this.callers = callers;
  }

  /** A link from a mail: {@code {"token": "..."}}. */
  @PostMapping("/link")
  public ResponseEntity<Map<String, Object>> link(
      @RequestBody Map<String, Object> body, HttpServletRequest request) {
    Instant now = EngineClock.now();
    String address = "ip:" + request.getRemoteAddr();
    if (!throttle.allowed(now, address)) {
      return tooMany();
    }
    Object token = body == null ? null : body.get("token");
    SignInLinks.Check check = links.check(token instanceof String t ? t : null, now);
    if (check.refusal() != null) {
      throttle.failed(now, address);
      LOG.warn("Sign-in link refused: {}", check.refusal());
      return switch (check.refusal()) {
        case INVALID ->
            refuse(401, "INVALID", "登录链接无效：它可能没有复制完整，或已被改动。请重新打开邮件中的链接，或在下方用邮箱获取新的登录链接。");
        case EXPIRED -> refuse(401, "EXPIRED", "登录链接已过期。请在下方填写您的邮箱，获取新的登录链接；也可以使用账号密码登录。");
        case REVOKED -> refuse(401, "REVOKED", "登录链接已失效（已退出登录，或已被总会停用）。请在下方填写您的邮箱，获取新的登录链接。");
      };
    }
    SignInLinks.Link link = check.link();
    Optional<Contact> contact = contacts.of(link.userId(), link.unitCode());
    if (contact.isEmpty()) {
      return refuse(403, "NOT_A_CONTACT", "此链接的收件人已不是该单位的联系人，不能再登录。如有疑问，请联系总会组织宣传部。");
    }
    Optional<String> other = signedInAsOther(request, link.userId());
    if (other.isPresent()) {
      return refuse(
          409, "OTHER_CONTACT", "此浏览器已以“" + other.get() + "”的身份登录，不能再打开其他联系人的登录链接。请先退出登录，再打开此链接。");
    }
    UnitSessions.open(request, new UnitSession(link.userId(), link.unitCode(), link.id()));
    LOG.info("Unit contact {} of {} signed in with a link", link.userId(), link.unitCode());
    return ok(Map.of("redirect", HOME));
  }

  /** Password sign-in: {@code {"username": "...", "password": "..."}}. */
  @PostMapping("/password")
  public ResponseEntity<Map<String, Object>> password(
      @RequestBody Map<String, Object> body, HttpServletRequest request) {
    Instant now = EngineClock.now();
    String username = text(body, "username");
    String password = text(body, "password");
    String[] keys = {"ip:" + request.getRemoteAddr(), "user:" + username.toLowerCase(Locale.ROOT)};
    if (!throttle.allowed(now, keys)) {
      return tooMany();
    }
    if (username.isEmpty() || password.isEmpty() || !identity.checkPassword(username, password)) {
      throttle.failed(now, keys);
      return refuse(401, "BAD_CREDENTIALS", "账号或密码不正确。");
    }
    Optional<Contact> contact = contacts.find(username);
    if (contact.isEmpty()) {
      return refuse(403, "NOT_A_CONTACT", "此账号不是单位联系人账号。总会工作人员和领导请使用任务列表（/camunda/app/tasklist/）。");
    }
    Optional<String> other = signedInAsOther(request, username);
    if (other.isPresent()) {
      return refuse(409, "OTHER_CONTACT", "此浏览器已以“" + other.get() + "”的身份登录。请先退出登录，再用其他账号登录。");
    }
    UnitSessions.open(request, new UnitSession(username, contact.get().unitCode(), null));
    return ok(Map.of("redirect", HOME));
  }

  /**
   * Asks for a new link: {@code {"email": "..."}}; the same answer whether the address is known.
   */
  @PostMapping("/new-link")
  public ResponseEntity<Map<String, Object>> newLink(
      @RequestBody Map<String, Object> body, HttpServletRequest request) {
    Instant now = EngineClock.now();
    String email = text(body, "email").toLowerCase(Locale.ROOT);
    if (!throttle.allow(now, "ip:" + request.getRemoteAddr(), "email:" + email)) {
      return tooMany();
    }
    if (!email.matches("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$") || email.length() > 200) {
      return refuse(400, "INVALID_EMAIL", "请输入有效的电子邮箱地址。");
    }
    contacts
        .byEmail(email)
        .ifPresent(
            c -> {
              try {
                mails.sendSignInLink(c.userId(), c.name(), c.email(), c.unitCode());
              } catch (RuntimeException e) {
                LOG.warn("Sign-in link for {} could not be mailed: {}", c.userId(), e.toString());
              }
            });
    return ResponseEntity.accepted()
        .cacheControl(CacheControl.noStore())
        .body(
            Map.of(
                "message", "如果该邮箱是已登记的单位联系人邮箱，新的登录链接已发送，请查收（24 小时内有效）。若未收到，请检查垃圾邮件，或联系总会组织宣传部。"));
  }

  /** Signs out; the link the session was opened with stops working. */
  @PostMapping("/logout")
  public ResponseEntity<Map<String, Object>> logout(HttpServletRequest request) {
    UnitSessions.current(request)
        .ifPresent(
            session -> {
              if (session.linkId() != null) {
                links.revoke(session.linkId(), session.userId(), "SIGNED_OUT", EngineClock.now());
              }
            });
    UnitSessions.close(request);
    return ok(Map.of("redirect", "/unit/login"));
  }

  /** Who else this browser is signed in as (the unit page or the webapps), if not this user. */
  private Optional<String> signedInAsOther(HttpServletRequest request, String userId) {
    Optional<String> unitUser =
        UnitSessions.current(request).map(UnitSession::userId).filter(u -> !u.equals(userId));
    if (unitUser.isPresent()) {
      return unitUser;
    }
    return callers
        .of(request)
        .filter(Callers.Caller::fromSession)
        .map(Callers.Caller::userId)
        .filter(u -> !u.equals(userId));
  }

  private static String text(Map<String, Object> body, String name) {
    Object value = body == null ? null : body.get(name);
    return value instanceof String s ? s.strip() : "";
  }

  private static ResponseEntity<Map<String, Object>> tooMany() {
    return refuse(429, "TOO_MANY_ATTEMPTS", "尝试次数过多，请一分钟后再试。");
  }

  private static ResponseEntity<Map<String, Object>> refuse(
      int status, String reason, String message) {
    Map<String, Object> body = UnitPageAnswers.body("SignInRefused", message);
    body.put("reason", reason);
    return ResponseEntity.status(status).cacheControl(CacheControl.noStore()).body(body);
  }

  private static ResponseEntity<Map<String, Object>> ok(Map<String, Object> body) {
    return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(body);
  }
}
