package org.example.stwd.notify;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.example.stwd.core.Phase;
import org.example.stwd.validation.Refusal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * 催办 through REST: {@code POST /api/campaigns/{code}/urges} urges the listed units, or every unit
 * still to submit when no unit is listed; {@code GET} lists the urge log.
 */
@RestController
@RequestMapping("/api/campaigns/{campaignCode}/urges")
public class UrgeController {

  /** Body of an urge request; every field is optional. */
  public record UrgeRequest(String phase, List<String> units, String message) {}

  private final UrgeService urgeService;
  private final UrgeRepository urges;

  public UrgeController(UrgeService urgeService, UrgeRepository urges) {
    this.urgeService = urgeService;
    this.urges = urges;
  }

  @PostMapping
  public UrgeService.Result urge(
      @PathVariable String campaignCode,
      @RequestBody(required = false) UrgeRequest request,
      HttpServletRequest http) {
    UrgeRequest r = request == null ? new UrgeRequest(null, null, null) : request;
    return urgeService.urge(
        campaignCode, phase(r.phase()), r.units(), r.message(), http.getRemoteUser());
  }

  @GetMapping
  public List<UrgeRepository.Urge> log(
      @PathVariable String campaignCode, @RequestParam(defaultValue = "200") int limit) {
    if (limit < 1 || limit > 1000) {
      throw Refusal.invalid(List.of("limit 须在 1 到 1000 之间"));
    }
    return urges.ofCampaign(campaignCode, limit);
  }

  static Phase phase(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    return switch (value.strip().toUpperCase()) {
      case "PLAN" -> Phase.PLAN;
      case "SUMMARY" -> Phase.SUMMARY;
      default ->
          throw Refusal.invalid(List.of("phase 只能是 PLAN（活动方案）或 SUMMARY（活动总结），收到“" + value + "”"));
    };
  }
}
