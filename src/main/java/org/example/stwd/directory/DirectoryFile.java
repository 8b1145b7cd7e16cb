package org.example.stwd.directory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.example.stwd.validation.Refusal;

/**
 * The directory as HQ keeps it, one row per contact (a unit without a contact: one row with the
 * contact's columns empty): .xlsx, or CSV in UTF-8 (with or without byte-order mark) or GB18030/
 * GBK as older Excel saves it, with quoted fields holding commas, quotes and line breaks (RFC
 * 4180). Columns are found by their Chinese headers, in any order.
 */
public final class DirectoryFile {

  public static final String CODE = "单位代码";
  public static final String NAME = "单位名称";
  public static final String CATEGORY = "单位类别";
  public static final String CONTACT = "联系人";
  public static final String PHONE = "联系电话";
  public static final String EMAIL = "电子邮箱";
  public static final List<String> HEADERS = List.of(CODE, NAME, CATEGORY, CONTACT, PHONE, EMAIL);

  /** The largest directory file taken (a few thousand units are well under it). */
  public static final int MAX_BYTES = 5 * 1024 * 1024;

  /** One line of the file: its number as HQ sees it in Excel, and its cells by header. */
  public record Line(
      int number,
      String code,
      String name,
      String category,
      String contact,
      String phone,
      String email) {}

  private DirectoryFile() {}

  /** Reads a file by its content: .xlsx (a ZIP) or CSV. */
  public static List<Line> read(byte[] bytes) {
    if (bytes.length == 0) {
      throw Refusal.invalid(List.of("文件是空的。"));
    }
    if (bytes.length >= 4 && bytes[0] == 'P' && bytes[1] == 'K' && bytes[2] == 3 && bytes[3] == 4) {
      return lines(xlsx(bytes));
    }
    if (bytes.length >= 8 && (bytes[0] & 0xFF) == 0xD0 && (bytes[1] & 0xFF) == 0xCF) {
      throw Refusal.invalid(List.of("不支持旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 或 CSV 后上传。"));
    }
    return lines(csv(text(bytes)));
  }

  /**
   * The text of a CSV file: UTF-8 (a byte-order mark is dropped) or, if not valid UTF-8, GB18030.
   */
  static String text(byte[] bytes) {
    if (bytes.length >= 3
        && (bytes[0] & 0xFF) == 0xEF
        && (bytes[1] & 0xFF) == 0xBB
        && (bytes[2] & 0xFF) == 0xBF) {
      return new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      // GB18030 is a superset of GBK and GB2312: what Excel on a Chinese Windows saves as "CSV"
      return new String(bytes, Charset.forName("GB18030"));
    }
  }

  /** RFC 4180: fields separated by commas, quoted fields may hold commas, "" and line breaks. */
  static List<List<String>> csv(String text) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
            field.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          field.append(c);
        }
        continue;
      }
      switch (c) {
        case '"' -> {
          quoted = true;
          any = true;
        }
        case ',' -> {
          row.add(field.toString());
          field.setLength(0);
          any = true;
        }
        case '\r' -> {}
        case '\n' -> {
          row.add(field.toString());
          field.setLength(0);
          rows.add(row);
          row = new ArrayList<>();
          any = false;
        }
        default -> {
          field.append(c);
          any = true;
        }
      }
    }
    if (quoted) {
      throw Refusal.invalid(List.of("文件末尾有未闭合的引号，请检查文件是否完整。"));
    }
    if (any || field.length() > 0) {
      row.add(field.toString());
      rows.add(row);
    }
    return rows;
  }

  static List<List<String>> xlsx(byte[] bytes) {
    try (Workbook book = WorkbookFactory.create(new ByteArrayInputStream(bytes))) {
      Sheet sheet = book.getSheetAt(0);
      DataFormatter format = new DataFormatter(Locale.ROOT);
      List<List<String>> rows = new ArrayList<>();
      for (int r = 0; r <= sheet.getLastRowNum(); r++) {
        Row row = sheet.getRow(r);
        List<String> cells = new ArrayList<>();
        if (row != null) {
          for (int c = 0; c < Math.max(0, row.getLastCellNum()); c++) {
            Cell cell = row.getCell(c);
            cells.add(cell == null ? "" : format.formatCellValue(cell));
          }
        }
        rows.add(cells);
      }
      return rows;
    } catch (IOException | RuntimeException e) {
      throw Refusal.invalid(
          List.of("无法读取该 Excel 文件（" + e.getClass().getSimpleName() + "），请确认是 .xlsx 格式。"));
    }
  }

  private static List<Line> lines(List<List<String>> rows) {
    int headerAt = -1;
    for (int i = 0; i < rows.size() && headerAt < 0; i++) {
      if (rows.get(i).stream().map(String::strip).anyMatch(CODE::equals)) {
        headerAt = i;
      }
    }
    if (headerAt < 0) {
      throw Refusal.invalid(List.of("找不到表头：第一行应包含 " + String.join("、", HEADERS) + "（可下载模板）。"));
    }
    List<String> header = rows.get(headerAt).stream().map(String::strip).toList();
    int[] at = new int[HEADERS.size()];
    List<String> missing = new ArrayList<>();
    for (int h = 0; h < HEADERS.size(); h++) {
      at[h] = header.indexOf(HEADERS.get(h));
      if (at[h] < 0 && h < 3) {
        missing.add(HEADERS.get(h));
      }
    }
    if (!missing.isEmpty()) {
      throw Refusal.invalid(List.of("表头缺少列：" + String.join("、", missing) + "（可下载模板）。"));
    }
    List<Line> lines = new ArrayList<>();
    for (int i = headerAt + 1; i < rows.size(); i++) {
      List<String> row = rows.get(i);
      if (row.stream().allMatch(String::isBlank)) {
        continue;
      }
      lines.add(
          new Line(
              i + 1,
              cell(row, at[0]),
              cell(row, at[1]),
              cell(row, at[2]),
              cell(row, at[3]),
              cell(row, at[4]),
              cell(row, at[5])));
    }
    if (lines.isEmpty()) {
      throw Refusal.invalid(List.of("文件中没有任何单位。"));
    }
    return lines;
  }

  private static String cell(List<String> row, int at) {
    return at < 0 || at >= row.size() ? "" : row.get(at).strip();
  }

  /** The directory as .xlsx with the same headers (an export is a valid import). */
  public static void writeXlsx(List<List<String>> rows, OutputStream out) throws IOException {
    try (XSSFWorkbook book = new XSSFWorkbook()) {
      Sheet sheet = book.createSheet("单位名录");
      CellStyle bold = book.createCellStyle();
      Font font = book.createFont();
      font.setBold(true);
      bold.setFont(font);
      Row header = sheet.createRow(0);
      for (int c = 0; c < HEADERS.size(); c++) {
        header.createCell(c).setCellValue(HEADERS.get(c));
        header.getCell(c).setCellStyle(bold);
        sheet.setColumnWidth(c, (c == 1 ? 40 : 18) * 256);
      }
      sheet.createFreezePane(0, 1);
      int r = 1;
      for (List<String> values : rows) {
        Row row = sheet.createRow(r++);
        for (int c = 0; c < values.size(); c++) {
          row.createCell(c).setCellValue(values.get(c) == null ? "" : values.get(c));
        }
      }
      book.write(out);
    }
  }

  /** The directory as CSV, UTF-8 with a byte-order mark (Excel reads the Chinese). */
  public static void writeCsv(List<List<String>> rows, OutputStream out) throws IOException {
    Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    w.write('\ufeff');
    line(w, HEADERS);
    for (List<String> row : rows) {
      line(w, row);
    }
    w.flush();
  }

  private static void line(Writer w, List<String> values) throws IOException {
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        w.write(',');
      }
      String v = values.get(i) == null ? "" : values.get(i);
      if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
        w.write('"' + v.replace("\"", "\"\"") + '"');
      } else {
        w.write(v);
      }
    }
    w.write("\r\n");
  }
}
