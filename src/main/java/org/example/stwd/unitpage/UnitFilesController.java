package org.example.stwd.unitpage;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.example.stwd.attachments.FileResponses;
import org.example.stwd.attachments.StoredFile;
import org.example.stwd.attachments.UploadName;
import org.example.stwd.validation.Refusal;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The unit page's attachments (docs/ATTACHMENTS.md): a unit's files of an open task's phase, upload
 * (the raw file as the body, its name as {@code ?name=}), removal, and downloads of the unit's own
 * files and of HQ's documents. The unit, campaign and phase come from the signed-in viewer and the
 * task, never from the request; refusals answer like the rest of the unit page's API.
 */
@RestController
@RequestMapping("/api/unit")
public class UnitFilesController {

  private final UnitPageService service;

  public UnitFilesController(UnitPageService service) {
    this.service = service;
  }

  @GetMapping("/tasks/{taskId}/attachments")
  public ResponseEntity<Map<String, Object>> list(
      @RequestAttribute(Viewer.ATTRIBUTE) Viewer viewer, @PathVariable String taskId) {
    return ResponseEntity.ok()
        .cacheControl(CacheControl.noStore())
        .body(service.attachments(viewer, taskId));
  }

  @PostMapping("/tasks/{taskId}/attachments")
  public ResponseEntity<Map<String, Object>> upload(
      @RequestAttribute(Viewer.ATTRIBUTE) Viewer viewer,
      @PathVariable String taskId,
      HttpServletRequest request)
      throws IOException {
    String name = UploadName.of(request);
    if (name == null || name.isBlank()) {
      throw Refusal.invalid(java.util.List.of("缺少文件名（参数 name）。"));
    }
    Map<String, Object> file =
        service.upload(
            viewer, taskId, name, request.getInputStream(), request.getContentLengthLong());
    return ResponseEntity.status(HttpStatus.CREATED)
        .cacheControl(CacheControl.noStore())
        .body(file);
  }

  @DeleteMapping("/tasks/{taskId}/attachments/{fileId}")
  public ResponseEntity<Void> remove(
      @RequestAttribute(Viewer.ATTRIBUTE) Viewer viewer,
      @PathVariable String taskId,
      @PathVariable String fileId) {
    service.removeAttachment(viewer, taskId, fileId);
    return ResponseEntity.noContent().build();
  }

  @GetMapping("/files/{fileId}")
  public void download(
      @RequestAttribute(Viewer.ATTRIBUTE) Viewer viewer,
      @PathVariable String fileId,
      HttpServletResponse response)
      throws IOException {
    StoredFile file = service.file(viewer, fileId);
    FileResponses.send(file, service.open(file), response);
  }

  @GetMapping("/files/{fileId}/thumb")
  public void thumbnail(
      @RequestAttribute(Viewer.ATTRIBUTE) Viewer viewer,
      @PathVariable String fileId,
      HttpServletResponse response)
      throws IOException {
    StoredFile file = service.file(viewer, fileId);
    byte[] jpeg = service.thumbnail(file).orElseThrow(() -> Refusal.notFound("该附件没有缩略图。"));
    FileResponses.thumbnail(jpeg, response);
  }
}
