package org.example.stwd.attachments;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.example.stwd.core.CampaignRepository;
import org.example.stwd.core.CampaignRepository.CampaignInfo;
import org.example.stwd.validation.Refusal;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * HQ's side of attachments ({@code /api/*}: HQ office and admins only, security/
 * ApiAuthenticationFilter): any unit's file and its thumbnail, and a campaign's documents (the CAST
 * notice, the annex templates) that every unit of the campaign sees on its page.
 */
@RestController
public class FilesController {

  static final String BASE = "/api/files/";

  private final Attachments attachments;
  private final CampaignRepository campaigns;

  public FilesController(Attachments attachments, CampaignRepository campaigns) {
    this.attachments = attachments;
    this.campaigns = campaigns;
  }

  @GetMapping("/api/files/{id}")
  public void download(@PathVariable String id, HttpServletResponse response) throws IOException {
    StoredFile file = attachments.find(id).orElseThrow(Attachments::notFound);
    FileResponses.send(file, attachments.open(file), response);
  }

  @GetMapping("/api/files/{id}/thumb")
  public void thumbnail(@PathVariable String id, HttpServletResponse response) throws IOException {
    byte[] jpeg = attachments.thumbnail(id).orElseThrow(Attachments::notFound);
    FileResponses.thumbnail(jpeg, response);
  }

  @GetMapping("/api/campaigns/{code}/documents")
  public List<Map<String, Object>> documents(@PathVariable String code) {
    campaign(code);
    return attachments.documents(code).stream().map(f -> attachments.view(f, BASE)).toList();
  }

  /** Uploads one of HQ's documents: the raw file as the body, its name as {@code ?name=}. */
  @PostMapping("/api/campaigns/{code}/documents")
  public ResponseEntity<Map<String, Object>> upload(
      @PathVariable String code, HttpServletRequest request) throws IOException {
    String name = UploadName.of(request);
    if (name == null || name.isBlank()) {
      throw Refusal.invalid(List.of("缺少文件名（参数 name）。"));
    }
    CampaignInfo campaign = campaign(code);
    StoredFile file =
        attachments.upload(
            new Attachments.Owner(
                code, null, null, campaign.processInstanceId(), null, request.getRemoteUser()),
            name,
            request.getInputStream(),
            request.getContentLengthLong(),
            null,
            null);
    return ResponseEntity.status(HttpStatus.CREATED).body(attachments.view(file, BASE));
  }

  @DeleteMapping("/api/campaigns/{code}/documents/{id}")
  public ResponseEntity<Void> remove(
      @PathVariable String code, @PathVariable String id, HttpServletRequest request) {
    CampaignInfo campaign = campaign(code);
    attachments.remove(
        new Attachments.Owner(
            code, null, null, campaign.processInstanceId(), null, request.getRemoteUser()),
        id);
    return ResponseEntity.noContent().build();
  }

  private CampaignInfo campaign(String code) {
    return campaigns.find(code).orElseThrow(() -> Refusal.notFound("没有编号为 " + code + " 的活动。"));
  }
}
