package org.example.stwd.board;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.example.stwd.core.CampaignRepository.CampaignInfo;
import org.example.stwd.unit.UnitRoster;
import org.example.stwd.validation.Refusal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The board's data and the exports, for HQ (the {@code /api} filter lets only {@code hq-office} and
 * admins through): {@code GET /api/campaigns}, {@code GET /api/campaigns/{code}/board}, {@code GET
 * /api/campaigns/{code}/exports/{plans|summaries}.{xlsx|csv}[?scope=all]}.
 */
@RestController
public class BoardController {

  private final BoardService board;
  private final StatisticsTables tables;

  private final UnitRoster roster;

  public BoardController(BoardService board, StatisticsTables tables, UnitRoster roster) {
    this.roster = roster;
    this.board = board;
    this.tables = tables;
  }

  @GetMapping("/api/campaigns")
  public List<CampaignInfo> campaigns() {
    return board.campaigns();
  }

  /**
   * Adds directory units to the campaign while its plans are collected: {@code {"units": [..]}}.
   */
  @PostMapping("/api/campaigns/{code}/units")
  public Map<String, Object> addUnits(
      @PathVariable String code,
      @RequestBody Map<String, List<String>> body,
      HttpServletRequest request) {
    List<String> added =
        roster.add(code, body == null ? null : body.get("units"), request.getRemoteUser());
    return Map.of("added", added, "message", "已增加 " + added.size() + " 家单位：其方案报送任务和通知邮件将在一分钟内发出。");
  }

  /** Withdraws a deactivated unit: its open collection ends as cancelled (settled). */
  @PostMapping("/api/campaigns/{code}/units/{unit}/withdraw")
  public Map<String, Object> withdraw(
      @PathVariable String code, @PathVariable String unit, HttpServletRequest request) {
    roster.withdraw(code, unit, request.getRemoteUser());
    return Map.of("message", "已将单位 " + unit + " 从本活动撤回：其未完成的报送已取消，计为已办结。");
  }

  /**
   * The board: counts and chart over all units, and one page of unit rows ({@link RowQuery}: {@code
   * phase, status, category, q, sort, dir, page, size}).
   */
  @GetMapping("/api/campaigns/{code}/board")
  public BoardService.Board board(
      @PathVariable String code,
      @RequestParam(required = false) String phase,
      @RequestParam(required = false) String status,
      @RequestParam(required = false) String category,
      @RequestParam(required = false) String q,
      @RequestParam(required = false) String sort,
      @RequestParam(required = false) String dir,
      @RequestParam(required = false) String page,
      @RequestParam(required = false) String size) {
    return board.board(code, RowQuery.of(phase, status, category, q, sort, dir, page, size));
  }

  @GetMapping("/api/campaigns/{code}/exports/{table}.{format}")
  public void export(
      @PathVariable String code,
      @PathVariable String table,
      @PathVariable String format,
      @RequestParam(defaultValue = "approved") String scope,
      HttpServletResponse response)
      throws IOException {
    StatisticsTables.Kind kind =
        switch (table) {
          case "plans" -> StatisticsTables.Kind.PLANS;
          case "summaries" -> StatisticsTables.Kind.SUMMARIES;
          default ->
              throw Refusal.invalid(
                  List.of("没有“" + table + "”这张表，可选 plans（活动开展方案统计表）或 summaries（活动总结统计表）"));
        };
    if (!format.equals("xlsx") && !format.equals("csv")) {
      throw Refusal.invalid(List.of("格式只能是 xlsx 或 csv，收到“" + format + "”"));
    }
    if (!scope.equals("approved") && !scope.equals("all")) {
      throw Refusal.invalid(
          List.of("scope 只能是 approved（已通过，默认）或 all（含待审核、退回修改），收到“" + scope + "”"));
    }
    CampaignInfo campaign = board.campaign(code);
    StatisticsTables.Table data = tables.table(kind, code, campaign.title(), scope.equals("all"));
    String fileName = kind.fileName() + "-" + code + "." + format;
    response.setHeader(
        "Content-Disposition",
        "attachment; filename=\""
            + code
            + "-"
            + table
            + "."
            + format
            + "\"; filename*=UTF-8''"
            + URLEncoder.encode(fileName, StandardCharsets.UTF_8).replace("+", "%20"));
    if (format.equals("xlsx")) {
      response.setContentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
      tables.writeXlsx(data, response.getOutputStream());
    } else {
      response.setContentType("text/csv;charset=UTF-8");
      tables.writeCsv(data, response.getOutputStream());
    }
  }
}
