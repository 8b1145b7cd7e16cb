package org.example.stwd.campaign;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Proposals for the start form from the pasted text of a notice (the CAST/MOST notice, or the
 * society's own forwarding of it): document numbers, title, issuers, dates, theme, activity window
 * and deadlines, each with the excerpt it came from, so that HQ checks every one. A value the text
 * does not state is not proposed (the field stays for HQ to fill); nothing is guessed from
 * elsewhere.
 */
public final class NoticeProposals {

  /** One proposal: the value and the excerpt of the text it was read from. */
  public record Proposal(Object value, String excerpt) {}

  /** What the page asks for, in the order of the start form. */
  public static final List<String> FIELDS =
      List.of(
          "campaignYear",
          "noticeTitle",
          "noticeDocNumbers",
          "noticeIssuers",
          "noticeIssueDate",
          "campaignTheme",
          "activityWindowStart",
          "activityWindowEnd",
          "upwardDeadline",
          "planDeadline",
          "summaryDeadline");

  private static final Pattern DOC_NUMBER =
      Pattern.compile("([\\p{IsHan}]{1,10}字)[〔【\\[（(](\\d{4})[〕】\\]）)](\\d{1,4})号");
  private static final Pattern CAST_TITLE = Pattern.compile("《((?:中国科协|科技部)[^《》]{0,80}?通知)》");
  private static final Pattern HEADING_TITLE = Pattern.compile("(关于[^。；，,《》]{2,80}?活动的通知)");
  private static final Pattern DATE = Pattern.compile("(\\d{4})年(\\d{1,2})月(\\d{1,2})日");
  private static final Pattern DATE_LINE =
      Pattern.compile("(?m)^\\s*(\\d{4})\\s*年\\s*(\\d{1,2})\\s*月\\s*(\\d{1,2})\\s*日\\s*$");
  private static final Pattern THEME_QUOTED =
      Pattern.compile("活动主题[是为：:]*[“\"]([^“”\"]{2,30})[”“\"]");
  private static final Pattern THEME_SECTION =
      Pattern.compile("(?m)^\\s*[一二三四五六七八九十]、\\s*活\\s*动\\s*主\\s*题\\s*$\\s*^\\s*(\\S[^\\n]{1,40})$");
  private static final Pattern WINDOW =
      Pattern.compile(
          "(\\d{4})年(\\d{1,2})月(上旬|中旬|下旬|\\d{1,2}日)[-—–~至到](\\d{1,2})月(上旬|中旬|下旬|\\d{1,2}日)");
  private static final Pattern PLAN_DEADLINE =
      Pattern.compile("(\\d{1,2})月(\\d{1,2})[日号]之?前(?:将|报送)?(?:本单位)?活动方案");
  private static final Pattern SUMMARY_DEADLINE =
      Pattern.compile("于(\\d{1,2})月(\\d{1,2})日前报送(?:文字信息|活动总结|总结)");
  private static final Pattern UPWARD_DEADLINE =
      Pattern.compile("于(\\d{1,2})月底前报送(?:文字信息|活动总结|总结)");
  private static final List<String> ISSUERS = List.of("中国科协", "科技部");

  private NoticeProposals() {}

  /** The proposals found in the text, by field. */
  public static Map<String, Proposal> of(String raw) {
    String text = raw == null ? "" : raw.replace("\r", "");
    // PDF copies break lines and put spaces inside words: read the prose without them
    String flat = text.replaceAll("[\\s\\u00a0\\u3000]+", "");
    Map<String, Proposal> found = new LinkedHashMap<>();

    Matcher window = WINDOW.matcher(flat);
    Integer year = null;
    if (window.find()) {
      year = Integer.parseInt(window.group(1));
      int y = year;
      LocalDate start = day(y, Integer.parseInt(window.group(2)), window.group(3), true);
      LocalDate end = day(y, Integer.parseInt(window.group(4)), window.group(5), false);
      if (start != null && end != null) {
        found.put("activityWindowStart", new Proposal(start.toString(), window.group()));
        found.put("activityWindowEnd", new Proposal(end.toString(), window.group()));
      }
    }

    List<Matcher> numbers = new ArrayList<>();
    Set<String> castNumbers = new LinkedHashSet<>();
    Matcher n = DOC_NUMBER.matcher(flat);
    String numberExcerpt = null;
    while (n.find()) {
      if (n.group(1).startsWith("科协") || n.group(1).startsWith("国科")) {
        castNumbers.add(n.group(1) + "〔" + n.group(2) + "〕" + n.group(3) + "号");
        if (numberExcerpt == null) {
          numberExcerpt = excerpt(flat, n.start(), n.end());
        }
        numbers.add(n);
      }
    }
    if (!castNumbers.isEmpty()) {
      found.put("noticeDocNumbers", new Proposal(String.join("、", castNumbers), numberExcerpt));
    }

    Matcher title = CAST_TITLE.matcher(flat);
    if (title.find()) {
      found.put(
          "noticeTitle", new Proposal(title.group(1), excerpt(flat, title.start(), title.end())));
    } else {
      Matcher heading = HEADING_TITLE.matcher(flat);
      if (heading.find()) {
        found.put(
            "noticeTitle",
            new Proposal(heading.group(1), excerpt(flat, heading.start(), heading.end())));
      }
    }
    if (year == null && found.containsKey("noticeTitle")) {
      Matcher y = Pattern.compile("(\\d{4})年").matcher((String) found.get("noticeTitle").value());
      if (y.find()) {
        year = Integer.parseInt(y.group(1));
      }
    }
    if (year != null) {
      found.put(
          "campaignYear",
          new Proposal(
              year,
              found.containsKey("activityWindowStart")
                  ? found.get("activityWindowStart").excerpt()
                  : found.get("noticeTitle").excerpt()));
    }

    List<String> issuers = new ArrayList<>();
    int firstIssuer = -1;
    for (String issuer : ISSUERS) {
      int at = flat.indexOf(issuer);
      if (at >= 0) {
        issuers.add(issuer);
        firstIssuer = firstIssuer < 0 ? at : Math.min(firstIssuer, at);
      }
    }
    if (!issuers.isEmpty()) {
      found.put(
          "noticeIssuers",
          new Proposal(
              String.join("、", issuers),
              excerpt(flat, firstIssuer, firstIssuer + issuers.get(0).length())));
    }

    // the notice's own date: the date line that signs it (after the CAST number, when the text
    // holds the society's letter and the CAST notice as its annex; else the last one)
    Matcher lines = DATE_LINE.matcher(text);
    int castAt = numbers.isEmpty() ? -1 : rawIndexOf(text, castNumbers.iterator().next());
    String signed = null;
    String signedExcerpt = null;
    while (lines.find()) {
      if (castAt < 0 || lines.start() > castAt) {
        try {
          signed =
              LocalDate.of(
                      Integer.parseInt(lines.group(1)),
                      Integer.parseInt(lines.group(2)),
                      Integer.parseInt(lines.group(3)))
                  .toString();
          signedExcerpt = lines.group().strip();
        } catch (DateTimeException e) {
          continue;
        }
        if (castAt >= 0) {
          break;
        }
      }
    }
    if (signed != null) {
      found.put("noticeIssueDate", new Proposal(signed, signedExcerpt));
    }

    Matcher theme = THEME_QUOTED.matcher(flat);
    if (theme.find()) {
      found.put(
          "campaignTheme", new Proposal(theme.group(1), excerpt(flat, theme.start(), theme.end())));
    } else {
      Matcher section = THEME_SECTION.matcher(text);
      if (section.find()) {
        String t = section.group(1).replaceAll("\\s+", "");
        found.put("campaignTheme", new Proposal(t, "活动主题：" + t));
      }
    }

    if (year != null) {
      int y = year;
      Matcher upward = UPWARD_DEADLINE.matcher(flat);
      if (upward.find()) {
        LocalDate d = YearMonth.of(y, Integer.parseInt(upward.group(1))).atEndOfMonth();
        found.put(
            "upwardDeadline",
            new Proposal(d.toString(), excerpt(flat, upward.start(), upward.end())));
      }
      Matcher plan = PLAN_DEADLINE.matcher(flat);
      if (plan.find()) {
        LocalDate d = safe(y, plan.group(1), plan.group(2));
        if (d != null) {
          found.put(
              "planDeadline", new Proposal(d.toString(), excerpt(flat, plan.start(), plan.end())));
        }
      }
      Matcher summary = SUMMARY_DEADLINE.matcher(flat);
      if (summary.find()) {
        LocalDate d = safe(y, summary.group(1), summary.group(2));
        if (d != null) {
          found.put(
              "summaryDeadline",
              new Proposal(d.toString(), excerpt(flat, summary.start(), summary.end())));
        }
      }
    }
    return found;
  }

  /** Which of {@link #FIELDS} the text did not state. */
  public static List<String> missing(Map<String, Proposal> found) {
    return FIELDS.stream().filter(f -> !found.containsKey(f)).toList();
  }

  private static LocalDate day(int year, int month, String part, boolean first) {
    try {
      YearMonth ym = YearMonth.of(year, month);
      return switch (part) {
        case "上旬" -> first ? ym.atDay(1) : ym.atDay(10);
        case "中旬" -> first ? ym.atDay(11) : ym.atDay(20);
        case "下旬" -> first ? ym.atDay(21) : ym.atEndOfMonth();
        default -> ym.atDay(Integer.parseInt(part.replace("日", "")));
      };
    } catch (DateTimeException | NumberFormatException e) {
      return null;
    }
  }

  private static LocalDate safe(int year, String month, String day) {
    try {
      return LocalDate.of(year, Integer.parseInt(month), Integer.parseInt(day));
    } catch (DateTimeException | NumberFormatException e) {
      return null;
    }
  }

  /** Where the number stands in the raw text (spaces and line breaks may be inside it there). */
  private static int rawIndexOf(String text, String number) {
    String digits = number.replaceAll("\\D+", " ").strip();
    String[] parts = digits.split(" ");
    Matcher m =
        Pattern.compile(
                "科\\s*协[^\\n]{0,12}?"
                    + parts[0]
                    + "\\s*[〕】\\])）]\\s*0*"
                    + parts[parts.length - 1]
                    + "\\s*号")
            .matcher(text);
    int last = -1;
    while (m.find()) {
      last = m.start();
    }
    return last;
  }

  private static String excerpt(String flat, int start, int end) {
    int from = Math.max(0, start - 12);
    int to = Math.min(flat.length(), end + 8);
    return (from > 0 ? "…" : "") + flat.substring(from, to) + (to < flat.length() ? "…" : "");
  }
}
