package org.example.stwd.timeline;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Map;
import org.example.stwd.security.HqPages;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * A unit's timeline in a campaign: the page {@code /timeline?campaign=&unit=} (linked from each
 * board row) and {@code GET /api/campaigns/{code}/units/{unit}/timeline}, for HQ and the leaders.
 */
@RestController
public class TimelineController {

  private final UnitTimeline timeline;
  private final HqPages pages;

  public TimelineController(UnitTimeline timeline, HqPages pages) {
    this.timeline = timeline;
    this.pages = pages;
  }

  @GetMapping({"/timeline", "/timeline/"})
  public ResponseEntity<String> page(HttpServletRequest request) throws IOException {
    return pages.serveReadable(request, "timeline/index.html", "单位办理时间线");
  }

  @GetMapping("/api/campaigns/{code}/units/{unit}/timeline")
  public Map<String, Object> timeline(@PathVariable String code, @PathVariable String unit) {
    return timeline.of(code, unit);
  }
}
