package org.example.stwd.directory;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.example.stwd.core.UnitCategory;
import org.example.stwd.validation.Refusal;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The directory's API for HQ ({@code /api/directory}, HQ office and admins, security/
 * ApiAuthenticationFilter): list and search, export and template, import (preview, then apply the
 * same file), add or edit a unit with its contacts, deactivate, and the record of changes.
 */
@RestController
public class DirectoryController {

  private final Directory directory;

  public DirectoryController(Directory directory) {
    this.directory = directory;
  }

  @GetMapping("/api/directory")
  public List<Directory.Entry> list(
      @RequestParam(required = false) String q,
      @RequestParam(defaultValue = "false") boolean inactive) {
    return directory.list(q, inactive);
  }

  @GetMapping("/api/directory/categories")
  public List<Map<String, String>> categories() {
    return Arrays.stream(UnitCategory.values())
        .map(c -> Map.of("code", c.name(), "label", c.label()))
        .toList();
  }

  @GetMapping("/api/directory/export.{format}")
  public void export(@PathVariable String format, HttpServletResponse response) throws IOException {
    file("单位名录", format, directory.rows(), response);
  }

  @GetMapping("/api/directory/template.{format}")
  public void template(@PathVariable String format, HttpServletResponse response)
      throws IOException {
    file(
        "单位名录模板",
        format,
        List.of(
            List.of("wc01", "青年工作委员会", "工作委员会", "陈雨桐", "010-5550-0101", "wc01@example.org"),
            List.of("wc01", "青年工作委员会", "工作委员会", "李明轩", "010-5550-0111", "wc01-2@example.org"),
            List.of("sc01", "岩体结构专业委员会", "专业委员会", "孙可欣", "010-5550-0201", "sc01@example.org")),
        response);
  }

  /** What importing the file (the raw body: .xlsx or CSV) would change; changes nothing. */
  @PostMapping("/api/directory/import/preview")
  public Directory.Preview preview(HttpServletRequest request) throws IOException {
    return directory.preview(DirectoryFile.read(body(request)));
  }

  /** Imports the file: all of it in one transaction, or, with any problem, nothing. */
  @PostMapping("/api/directory/import/apply")
  public Directory.Preview apply(HttpServletRequest request) throws IOException {
    return directory.apply(DirectoryFile.read(body(request)), request.getRemoteUser());
  }

  /**
   * Adds or edits a unit: {@code {"name", "category", "contacts": [{"name", "email", "phone"}]}}.
   */
  @PutMapping("/api/directory/units/{code}")
  public Directory.Entry save(
      @PathVariable String code, @RequestBody UnitForm form, HttpServletRequest request) {
    if (form == null) {
      throw Refusal.invalid(List.of("请求内容应为单位的 JSON 对象。"));
    }
    return directory.save(
        code,
        form.name() == null ? "" : form.name().strip(),
        form.category() == null ? "" : form.category(),
        form.contacts(),
        request.getRemoteUser());
  }

  /** The page's form. */
  public record UnitForm(
      String name, String category, List<org.example.stwd.core.UnitDirectory.Contact> contacts) {}

  @PostMapping("/api/directory/units/{code}/deactivate")
  public ResponseEntity<Void> deactivate(@PathVariable String code, HttpServletRequest request) {
    directory.deactivate(code, request.getRemoteUser());
    return ResponseEntity.noContent().build();
  }

  @GetMapping("/api/directory/audit")
  public List<Directory.AuditEntry> audit(@RequestParam(defaultValue = "100") int limit) {
    return directory.audit(limit);
  }

  private static byte[] body(HttpServletRequest request) throws IOException {
    try (InputStream in = request.getInputStream()) {
      byte[] bytes = in.readNBytes(DirectoryFile.MAX_BYTES + 1);
      if (bytes.length > DirectoryFile.MAX_BYTES) {
        throw Refusal.tooLarge("文件超过 5 MB，不像是单位名录。请检查后重新上传。");
      }
      return bytes;
    }
  }

  private static void file(
      String name, String format, List<List<String>> rows, HttpServletResponse response)
      throws IOException {
    if (!format.equals("xlsx") && !format.equals("csv")) {
      throw Refusal.invalid(List.of("格式只能是 xlsx 或 csv，收到“" + format + "”"));
    }
    response.setHeader(
        "Content-Disposition",
        "attachment; filename=\"directory."
            + format
            + "\"; filename*=UTF-8''"
            + URLEncoder.encode(name + "." + format, StandardCharsets.UTF_8).replace("+", "%20"));
    if (format.equals("xlsx")) {
      response.setContentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
      DirectoryFile.writeXlsx(rows, response.getOutputStream());
    } else {
      response.setContentType("text/csv; charset=UTF-8");
      DirectoryFile.writeCsv(rows, response.getOutputStream());
    }
  }
}
