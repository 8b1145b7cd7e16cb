package org.example.stwd.notify;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.example.stwd.config.StwdProperties;
import org.example.stwd.validation.Refusal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The mail log through REST: {@code GET
 * /api/mail-log?campaign=&unit=&kind=&outcome=&from=&to=&limit=&offset=}. {@code from} and {@code
 * to} are local dates (to inclusive) or ISO instants.
 */
@RestController
public class MailLogController {

  private final MailLog mailLog;
  private final StwdProperties properties;

  public MailLogController(MailLog mailLog, StwdProperties properties) {
    this.mailLog = mailLog;
    this.properties = properties;
  }

  @GetMapping("/api/mail-log")
  public MailLog.Page find(
      @RequestParam(required = false) String campaign,
      @RequestParam(required = false) String unit,
      @RequestParam(required = false) String kind,
      @RequestParam(required = false) String outcome,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      @RequestParam(defaultValue = "100") int limit,
      @RequestParam(defaultValue = "0") int offset) {
    List<String> problems = new ArrayList<>();
    MailKind k = null;
    if (kind != null && !kind.isBlank()) {
      try {
        k = MailKind.valueOf(kind.strip().toUpperCase());
      } catch (IllegalArgumentException e) {
        problems.add(
            "kind“"
                + kind
                + "”无效，可选："
                + String.join("、", Arrays.stream(MailKind.values()).map(Enum::name).toList()));
      }
    }
    String o = outcome == null || outcome.isBlank() ? null : outcome.strip().toUpperCase();
    if (o != null && !MailLog.OUTCOMES.containsKey(o)) {
      problems.add(
          "outcome 只能是 SENT（已发送）、FAILED（发送失败）、UNCERTAIN（发送中断，可能已发出）或 SENDING（发送中），收到“"
              + outcome
              + "”");
    }
    Instant f = moment(from, false, "from", problems);
    Instant t = moment(to, true, "to", problems);
    if (limit < 1 || limit > 1000) {
      problems.add("limit 须在 1 到 1000 之间");
    }
    if (offset < 0) {
      problems.add("offset 不能为负数");
    }
    if (!problems.isEmpty()) {
      throw Refusal.invalid(problems);
    }
    return mailLog.find(
        new MailLog.Query(blankToNull(campaign), blankToNull(unit), k, o, f, t, limit, offset));
  }

  /** A local date (start of day; for {@code to} the end of that day) or an ISO instant. */
  private Instant moment(String value, boolean endOfDay, String name, List<String> problems) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      if (value.length() == 10) {
        LocalDate d = LocalDate.parse(value);
        return (endOfDay ? d.plusDays(1) : d).atStartOfDay(properties.timeZone()).toInstant();
      }
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      problems.add(name + "“" + value + "”不是日期（如 2023-05-16）或 ISO 时间");
      return null;
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
