package org.example.stwd.unitpage;

import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.example.stwd.security.UnitSessions;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The unit page's API (docs/UNIT-PAGE.md). The viewer, and with it the unit, comes from {@link
 * UnitPageFilter}; a request names at most a task or a receipt number of that unit.
 */
@RestController
@RequestMapping("/api/unit")
public class UnitPageController {

  private final UnitPageService service;

  public UnitPageController(UnitPageService service) {
    this.service = service;
  }

  @GetMapping("/me")
  public ResponseEntity<Map<String, Object>> me(
      @RequestAttribute(Viewer.ATTRIBUTE) Viewer viewer, HttpServletRequest request) {
    Map<String, Object> unit = service.unitOf(viewer);
    Map<String, Object> me = new LinkedHashMap<>();
    me.put("userId", viewer.userId());
    me.put("name", viewer.name());
    me.put("unitCode", unit.get("code"));
    me.put("unitName", unit.get("name"));
    me.put("readOnly", viewer.readOnly());
    me.put("viewer", viewer.kind().name());
    me.put("csrfToken", viewer.readOnly() ? null : UnitSessions.csrfToken(request));
    return fresh(me);
  }

  @GetMapping("/overview")
  public ResponseEntity<Map<String, Object>> overview(
      @RequestAttribute(Viewer.ATTRIBUTE) Viewer viewer) {
    return fresh(service.overview(viewer));
  }

  @GetMapping("/tasks/{taskId}/form")
  public ResponseEntity<Map<String, Object>> form(
      @RequestAttribute(Viewer.ATTRIBUTE) Viewer viewer, @PathVariable String taskId) {
    return fresh(service.form(viewer, taskId));
  }

  @PutMapping("/tasks/{taskId}/draft")
  public ResponseEntity<Map<String, Object>> saveDraft(
      @RequestAttribute(Viewer.ATTRIBUTE) Viewer viewer,
      @PathVariable String taskId,
      @RequestBody Map<String, Object> data) {
    return fresh(service.saveDraft(viewer, taskId, data));
  }

  @DeleteMapping("/tasks/{taskId}/draft")
  public ResponseEntity<Void> discardDraft(
      @RequestAttribute(Viewer.ATTRIBUTE) Viewer viewer, @PathVariable String taskId) {
    service.discardDraft(viewer, taskId);
    return ResponseEntity.noContent().build();
  }

  @PostMapping("/tasks/{taskId}/submit")
  public ResponseEntity<Map<String, Object>> submit(
      @RequestAttribute(Viewer.ATTRIBUTE) Viewer viewer,
      @PathVariable String taskId,
      @RequestBody Map<String, Object> data) {
    return fresh(service.submit(viewer, taskId, data));
  }

  @GetMapping("/submissions/{reference}")
  public ResponseEntity<Map<String, Object>> submission(
      @RequestAttribute(Viewer.ATTRIBUTE) Viewer viewer, @PathVariable String reference) {
    return fresh(service.submissionDetail(viewer, reference));
  }

  private static <T> ResponseEntity<T> fresh(T body) {
    return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(body);
  }
}
