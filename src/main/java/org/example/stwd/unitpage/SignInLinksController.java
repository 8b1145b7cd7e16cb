package org.example.stwd.unitpage;

import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.example.stwd.core.UnitDirectory;
import org.example.stwd.engine.EngineClock;
import org.example.stwd.security.SignInLinks;
import org.example.stwd.validation.Refusal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * HQ's view of a unit's sign-in links (never their tokens, which are not stored) and revoking them:
 * every session opened with one ends at its next request. {@code /api/*}: HQ and administrators
 * only.
 */
@RestController
@RequestMapping("/api/sign-in-links")
public class SignInLinksController {

  private final SignInLinks links;
  private final UnitDirectory directory;

  public SignInLinksController(SignInLinks links, UnitDirectory directory) {
    this.links = links;
    this.directory = directory;
  }

  @GetMapping
  public List<Map<String, Object>> list(@RequestParam("unit") String unit) {
    known(unit);
    var now = EngineClock.now();
    return links.ofUnit(unit).stream()
        .map(
            link -> {
              Map<String, Object> m = new LinkedHashMap<>();
              m.put("id", link.id());
              m.put("userId", link.userId());
              m.put("purpose", link.purpose());
              m.put("createdAt", link.createdAt().toString());
              m.put("expiresAt", link.expiresAt().toString());
              m.put("lastUsedAt", link.lastUsedAt() == null ? null : link.lastUsedAt().toString());
              m.put("revokedAt", link.revokedAt() == null ? null : link.revokedAt().toString());
              m.put("revokedBy", link.revokedBy());
              m.put("active", link.activeAt(now));
              return m;
            })
        .toList();
  }

  /** Revokes every working link of the unit: {@code {"unit": "wc01"}}. */
  @PostMapping("/revoke")
  public Map<String, Object> revoke(
      @RequestBody Map<String, Object> body, HttpServletRequest request) {
    Object unit = body == null ? null : body.get("unit");
    if (!(unit instanceof String code) || code.isBlank()) {
      throw Refusal.invalid(List.of("请指定单位代码（unit）。"));
    }
    known(code);
    int revoked = links.revokeUnit(code, request.getRemoteUser(), EngineClock.now());
    return Map.of("revoked", revoked, "message", "已停用该单位的 " + revoked + " 个登录链接；用这些链接登录的会话随即失效。");
  }

  private void known(String unit) {
    if (directory.find(unit).isEmpty()) {
      throw Refusal.notFound("单位 " + unit + " 不在本会的单位名录中。");
    }
  }
}
