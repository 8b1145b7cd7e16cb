package org.example.stwd.board;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.io.output.CloseShieldOutputStream;
import org.example.stwd.attachments.Attachments;
import org.example.stwd.attachments.FileResponses;
import org.example.stwd.attachments.StoredFile;
import org.example.stwd.core.CampaignRepository.CampaignInfo;
import org.example.stwd.core.Phase;
import org.example.stwd.core.UnitStatus;
import org.example.stwd.validation.Refusal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A phase's attachments as one zip for HQ ({@code GET /api/campaigns/{code}/files.zip?phase=SUMMARY
 * [&unit=<code>][&scope=all]}): a folder per unit with the files of its latest submission, and the
 * phase's statistics table at the top. Streamed: files are copied chunk by chunk into the zip, so
 * the heap does not grow with the phase's gigabytes. By default the submissions awaiting review and
 * approved; {@code scope=all} adds those returned for changes.
 */
@RestController
public class PhaseFilesController {

  private final BoardService board;
  private final StatisticsTables tables;
  private final Attachments attachments;

  public PhaseFilesController(
      BoardService board, StatisticsTables tables, Attachments attachments) {
    this.board = board;
    this.tables = tables;
    this.attachments = attachments;
  }

  @GetMapping("/api/campaigns/{code}/files.zip")
  public void zip(
      @PathVariable String code,
      @RequestParam(defaultValue = "SUMMARY") String phase,
      @RequestParam(required = false) String unit,
      @RequestParam(defaultValue = "submitted") String scope,
      HttpServletResponse response)
      throws IOException {
    Phase p;
    try {
      p = Phase.valueOf(phase);
    } catch (IllegalArgumentException e) {
      throw Refusal.invalid(List.of("phase 只能是 PLAN（活动方案）或 SUMMARY（活动总结），收到“" + phase + "”"));
    }
    if (!scope.equals("submitted") && !scope.equals("all")) {
      throw Refusal.invalid(
          List.of("scope 只能是 submitted（待审核和已通过，默认）或 all（另含退回修改），收到“" + scope + "”"));
    }
    CampaignInfo campaign = board.campaign(code);
    List<String> statuses =
        new ArrayList<>(List.of(UnitStatus.SUBMITTED.name(), UnitStatus.APPROVED.name()));
    if (scope.equals("all")) {
      statuses.add(UnitStatus.RETURNED.name());
    }
    record Entry(String folder, StoredFile file) {}
    List<Entry> entries = new ArrayList<>();
    attachments.eachOfLatestSubmissions(
        code,
        p,
        statuses,
        unit,
        (unitCode, unitName, file) -> entries.add(new Entry(folder(unitName, unitCode), file)));
    if (unit != null && entries.isEmpty()) {
      throw Refusal.notFound("单位 " + unit + " 在本活动的" + p.label() + "中没有附件。");
    }
    String name = (unit == null ? "" : unit + "-") + p.label() + "附件-" + code + ".zip";
    response.setContentType("application/zip");
    response.setHeader("Content-Disposition", FileResponses.disposition("attachment", name));
    response.setHeader("X-Content-Type-Options", "nosniff");
    try (ZipOutputStream zip = new ZipOutputStream(response.getOutputStream())) {
      // photos and videos are compressed already: store them quickly, squeeze only the rest
      zip.setLevel(Deflater.BEST_SPEED);
      StatisticsTables.Kind kind =
          p == Phase.PLAN ? StatisticsTables.Kind.PLANS : StatisticsTables.Kind.SUMMARIES;
      zip.putNextEntry(new ZipEntry(kind.fileName() + "-" + code + ".xlsx"));
      tables.writeXlsx(
          tables.table(kind, code, campaign.title(), true), CloseShieldOutputStream.wrap(zip));
      zip.closeEntry();
      Set<String> used = new HashSet<>();
      for (Entry e : entries) {
        String path = unique(used, e.folder() + "/" + e.file().downloadName());
        ZipEntry entry = new ZipEntry(path);
        entry.setSize(e.file().size());
        zip.putNextEntry(entry);
        try (InputStream in = attachments.open(e.file())) {
          in.transferTo(zip);
        }
        zip.closeEntry();
      }
    }
  }

  private static String folder(String unitName, String unitCode) {
    return (unitName + "（" + unitCode + "）").replaceAll("[/\\\\:*?\"<>|\\p{Cntrl}]", "_");
  }

  private static String unique(Set<String> used, String path) {
    if (used.add(path)) {
      return path;
    }
    String ext = path.contains(".") ? path.substring(path.lastIndexOf('.')) : "";
    String base = path.substring(0, path.length() - ext.length());
    for (int i = 2; ; i++) {
      String candidate = base + "（" + i + "）" + ext;
      if (used.add(candidate)) {
        return candidate;
      }
    }
  }
}
