package org.example.stwd.board;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.example.stwd.core.ActivityRepository;
import org.example.stwd.core.PlannedActivity.ActivityMode;
import org.example.stwd.core.UnitCategory;
import org.example.stwd.core.UnitStatus;
import org.springframework.stereotype.Component;

/**
 * The tables HQ sends upward, as .xlsx and CSV with Chinese headers: 附件二 活动开展方案统计表 (one row per
 * planned activity) and the summary table (one row per activity held).
 */
@Component
public class StatisticsTables {

  /** Which table. */
  public enum Kind {
    PLANS("活动开展方案统计表", "附件二：活动开展方案统计表"),
    SUMMARIES("活动总结统计表", "活动总结统计表");

    private final String fileName;
    private final String title;

    Kind(String fileName, String title) {
      this.fileName = fileName;
      this.title = title;
    }

    public String fileName() {
      return fileName;
    }
  }

  /** A table: headers and rows of text or numbers. */
  public record Table(String title, List<String> headers, List<List<Object>> rows) {}

  static final List<String> PLAN_HEADERS =
      List.of(
          "序号",
          "单位名称",
          "单位类别",
          "活动名称",
          "活动类别",
          "开始日期",
          "结束日期",
          "活动地点",
          "活动形式",
          "参与对象",
          "预计参与人数",
          "活动简介",
          "宣传渠道",
          "申请总会重点宣传",
          "列入总会重点宣传",
          "联系人",
          "联系电话",
          "电子邮箱",
          "方案状态");
  static final List<String> SUMMARY_HEADERS =
      List.of(
          "序号", "单位名称", "单位类别", "活动名称", "开始日期", "结束日期", "参加人数", "媒体报道链接", "单位总结", "经验与建议", "联系人",
          "联系电话", "电子邮箱", "总结状态");

  private final ActivityRepository activities;

  public StatisticsTables(ActivityRepository activities) {
    this.activities = activities;
  }

  /**
   * The table of a campaign: by default the approved plans (or summaries) only, as sent upward;
   * with {@code includeUnderReview} also those submitted and not yet approved or returned.
   */
  public Table table(
      Kind kind, String campaignCode, String campaignTitle, boolean includeUnderReview) {
    List<UnitStatus> statuses =
        includeUnderReview
            ? List.of(UnitStatus.APPROVED, UnitStatus.SUBMITTED, UnitStatus.RETURNED)
            : List.of(UnitStatus.APPROVED);
    List<List<Object>> rows = new ArrayList<>();
    if (kind == Kind.PLANS) {
      activities.eachPlannedWithUnit(
          campaignCode,
          statuses,
          rs -> {
            rows.add(
                new ArrayList<>(
                    List.of(
                        rows.size() + 1,
                        rs.getString("unit_name"),
                        UnitCategory.valueOf(rs.getString("unit_category")).label(),
                        rs.getString("name"),
                        rs.getString("category"),
                        date(rs.getDate("start_date")),
                        date(rs.getDate("end_date")),
                        rs.getString("place"),
                        ActivityMode.valueOf(rs.getString("mode")).label(),
                        rs.getString("audience"),
                        rs.getInt("expected_participants"),
                        rs.getString("description"),
                        text(rs.getString("publicity_channels")),
                        rs.getBoolean("key_publicity_requested") ? "是" : "否",
                        rs.getBoolean("featured") ? "是" : "否",
                        text(rs.getString("contact_person")),
                        text(rs.getString("contact_phone")),
                        text(rs.getString("contact_email")),
                        UnitStatus.valueOf(rs.getString("plan_status")).label())));
          });
      return new Table(kind.title + "（" + campaignTitle + "）", PLAN_HEADERS, rows);
    }
    activities.eachHeldWithUnit(
        campaignCode,
        statuses,
        rs -> {
          rows.add(
              new ArrayList<>(
                  List.of(
                      rows.size() + 1,
                      rs.getString("unit_name"),
                      UnitCategory.valueOf(rs.getString("unit_category")).label(),
                      rs.getString("name"),
                      date(rs.getDate("start_date")),
                      date(rs.getDate("end_date")),
                      rs.getInt("participants"),
                      text(rs.getString("media_links")),
                      text(rs.getString("summary_text")),
                      text(rs.getString("summary_experience")),
                      text(rs.getString("contact_person")),
                      text(rs.getString("contact_phone")),
                      text(rs.getString("contact_email")),
                      UnitStatus.valueOf(rs.getString("summary_status")).label())));
        });
    return new Table(kind.title + "（" + campaignTitle + "）", SUMMARY_HEADERS, rows);
  }

  /** The table as an Excel workbook: a title row, the headers, the rows; numbers stay numbers. */
  public void writeXlsx(Table table, OutputStream out) throws IOException {
    try (SXSSFWorkbook book = new SXSSFWorkbook(200)) {
      Sheet sheet = book.createSheet("统计表");
      CellStyle bold = book.createCellStyle();
      Font font = book.createFont();
      font.setBold(true);
      bold.setFont(font);
      Row title = sheet.createRow(0);
      title.createCell(0).setCellValue(table.title());
      title.getCell(0).setCellStyle(bold);
      sheet.addMergedRegion(new CellRangeAddress(0, 0, 0, table.headers().size() - 1));
      Row header = sheet.createRow(1);
      for (int c = 0; c < table.headers().size(); c++) {
        header.createCell(c).setCellValue(table.headers().get(c));
        header.getCell(c).setCellStyle(bold);
        sheet.setColumnWidth(
            c, Math.min(60, Math.max(8, table.headers().get(c).length() * 2 + 4)) * 256);
      }
      sheet.createFreezePane(0, 2);
      int r = 2;
      for (List<Object> values : table.rows()) {
        Row row = sheet.createRow(r++);
        for (int c = 0; c < values.size(); c++) {
          Object v = values.get(c);
          if (v instanceof Number n) {
            row.createCell(c).setCellValue(n.doubleValue());
          } else {
            row.createCell(c).setCellValue(v == null ? "" : v.toString());
          }
        }
      }
      book.write(out);
      book.dispose();
    }
  }

  /**
   * The table as CSV (RFC 4180, UTF-8 with a byte-order mark so that Excel reads Chinese): headers,
   * then rows.
   */
  public void writeCsv(Table table, OutputStream out) throws IOException {
    Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    w.write('\ufeff');
    line(w, new ArrayList<>(table.headers()));
    for (List<Object> row : table.rows()) {
      line(w, row);
    }
    w.flush();
  }

  private static void line(Writer w, List<?> values) throws IOException {
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        w.write(',');
      }
      Object v = values.get(i);
      String s = v == null ? "" : v instanceof Number ? v.toString() : neutralised(v.toString());
      if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
        s = "\"" + s.replace("\"", "\"\"") + "\"";
      }
      w.write(s);
    }
    w.write("\r\n");
  }

  /**
   * Text that Excel would run as a formula (it starts with =, +, -, @, a tab or a carriage return:
   * "=HYPERLINK(…)", "+cmd|…") starts with an apostrophe instead, which Excel shows as text.
   */
  static String neutralised(String s) {
    return !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
  }

  private static String date(Date d) {
    return d == null ? "" : d.toLocalDate().toString();
  }

  private static String text(String s) {
    return s == null ? "" : s;
  }
}
