package org.example.stwd.board;

import java.text.Collator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;
import org.example.stwd.board.BoardService.PhaseRow;
import org.example.stwd.board.BoardService.UnitRow;
import org.example.stwd.core.Phase;
import org.example.stwd.core.UnitCategory;
import org.example.stwd.core.UnitStatus;
import org.example.stwd.validation.Refusal;

/**
 * Which of the board's unit rows HQ asks for: the phase whose status the filters look at, a status
 * filter, a category, a search text (in the unit's name or code), the order and the page. Read from
 * the query string of {@code GET /api/campaigns/{code}/board}; a value the board does not know is a
 * 400 naming it.
 */
public record RowQuery(
    Phase phase,
    String status,
    UnitCategory category,
    String search,
    Sort sort,
    boolean descending,
    int page,
    int size) {

  /** Rows on a page unless the page asks for another number. */
  public static final int DEFAULT_SIZE = 100;

  /** The most rows one call returns. */
  public static final int MAX_SIZE = 500;

  /** The status filter's values besides the statuses themselves. */
  static final String AWAITING = "AWAITING";

  static final String OVERDUE = "OVERDUE";

  /** The orders the board's columns offer. */
  public enum Sort {
    /** By category, then unit code: the order of the status table (and of the exports). */
    CATEGORY("category"),
    /** By the unit's name as a Chinese reader orders it (pinyin), then code. */
    UNIT("unit"),
    PLAN_STATUS("plan"),
    SUMMARY_STATUS("summary"),
    SUBMITTED("submitted"),
    OVERDUE("overdue"),
    REMINDERS("reminders"),
    LAST_REMINDER("lastReminder");

    private final String key;

    Sort(String key) {
      this.key = key;
    }

    public String key() {
      return key;
    }

    static Sort of(String key) {
      return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst().orElse(null);
    }
  }

  /** The page's first call: the collecting phase, every unit, in the status table's order. */
  public static RowQuery first() {
    return new RowQuery(null, null, null, null, Sort.CATEGORY, false, 1, DEFAULT_SIZE);
  }

  /** Reads the query string's values (any may be absent); all problems at once. */
  public static RowQuery of(
      String phase,
      String status,
      String category,
      String search,
      String sort,
      String direction,
      String page,
      String size) {
    List<String> problems = new ArrayList<>();
    Phase p = null;
    if (present(phase)) {
      p =
          Arrays.stream(Phase.values())
              .filter(x -> x.name().equals(phase))
              .findFirst()
              .orElse(null);
      if (p == null) {
        problems.add("phase 只能是 PLAN（活动方案）或 SUMMARY（活动总结），收到“" + phase + "”");
      }
    }
    String s = null;
    if (present(status)) {
      boolean known =
          status.equals(AWAITING)
              || status.equals(OVERDUE)
              || Arrays.stream(UnitStatus.values()).anyMatch(x -> x.name().equals(status));
      if (known) {
        s = status;
      } else {
        problems.add("没有“" + status + "”这个状态筛选");
      }
    }
    UnitCategory c = null;
    if (present(category)) {
      c =
          Arrays.stream(UnitCategory.values())
              .filter(x -> x.name().equals(category))
              .findFirst()
              .orElse(null);
      if (c == null) {
        problems.add("没有“" + category + "”这个单位类别");
      }
    }
    Sort order = present(sort) ? Sort.of(sort) : Sort.CATEGORY;
    if (order == null) {
      problems.add("不能按“" + sort + "”排序");
    }
    boolean descending = false;
    if (present(direction)) {
      if (direction.equals("desc")) {
        descending = true;
      } else if (!direction.equals("asc")) {
        problems.add("排序方向只能是 asc 或 desc，收到“" + direction + "”");
      }
    }
    int number = number(page, 1, Integer.MAX_VALUE, "page（页码）", problems);
    int rows = number(size, DEFAULT_SIZE, MAX_SIZE, "size（每页行数）", problems);
    if (!problems.isEmpty()) {
      throw Refusal.invalid(problems);
    }
    String q = present(search) ? search.strip().toLowerCase(Locale.ROOT) : null;
    if (q != null && q.length() > 100) {
      q = q.substring(0, 100);
    }
    return new RowQuery(p, s, c, q, order, descending, number, rows);
  }

  private static boolean present(String value) {
    return value != null && !value.isBlank();
  }

  private static int number(
      String value, int fallback, int max, String name, List<String> problems) {
    if (!present(value)) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(value.strip());
      if (n >= 1 && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problems.add(name + " 应为 1 到 " + max + " 之间的整数，收到“" + value + "”");
    return fallback;
  }

  /** Whether a row is among those asked for, its status read in the given phase. */
  Predicate<UnitRow> matcher(Phase phase) {
    return row -> {
      if (category != null && !row.category().equals(category.name())) {
        return false;
      }
      if (search != null
          && !row.unitName().toLowerCase(Locale.ROOT).contains(search)
          && !row.unitCode().toLowerCase(Locale.ROOT).contains(search)) {
        return false;
      }
      if (status == null) {
        return true;
      }
      PhaseRow r = of(row, phase);
      if (r == null) {
        return false;
      }
      return switch (status) {
        case AWAITING -> UnitStatus.AWAITING_UNIT.contains(UnitStatus.valueOf(r.status()));
        case OVERDUE -> r.daysOverdue() > 0;
        default -> r.status().equals(status);
      };
    };
  }

  /** The rows' order: the chosen column (empty values last either way), then category and code. */
  Comparator<UnitRow> order(Phase phase) {
    Comparator<UnitRow> byCategory =
        Comparator.comparing(UnitRow::category).thenComparing(UnitRow::unitCode);
    Comparator<UnitRow> chosen =
        switch (sort) {
          case CATEGORY -> descending ? byCategory.reversed() : byCategory;
          // a collator of its own: the JDK's compares under a lock shared by every caller
          case UNIT -> directed(UnitRow::unitName, Collator.getInstance(Locale.CHINA)::compare);
          case PLAN_STATUS -> directed(r -> statusOrder(r.plan()), Integer::compare);
          case SUMMARY_STATUS -> directed(r -> statusOrder(r.summary()), Integer::compare);
          case SUBMITTED ->
              directed(r -> phaseValue(r, phase, PhaseRow::submittedAt), Instant::compareTo);
          // not overdue (0 days, an empty cell) counts as empty: last either way
          case OVERDUE ->
              directed(
                  r -> {
                    Long days = phaseValue(r, phase, PhaseRow::daysOverdue);
                    return days == null || days == 0 ? null : days;
                  },
                  Long::compare);
          case REMINDERS ->
              directed(r -> phaseValue(r, phase, PhaseRow::reminders), Integer::compare);
          case LAST_REMINDER ->
              directed(r -> phaseValue(r, phase, PhaseRow::lastReminderAt), Instant::compareTo);
        };
    return chosen.thenComparing(byCategory);
  }

  private <T> Comparator<UnitRow> directed(Function<UnitRow, T> key, Comparator<T> natural) {
    return Comparator.comparing(
        key, Comparator.nullsLast(descending ? natural.reversed() : natural));
  }

  private static Integer statusOrder(PhaseRow r) {
    return r == null ? null : UnitStatus.valueOf(r.status()).ordinal();
  }

  private static <T> T phaseValue(UnitRow row, Phase phase, Function<PhaseRow, T> value) {
    PhaseRow r = of(row, phase);
    return r == null ? null : value.apply(r);
  }

  private static PhaseRow of(UnitRow row, Phase phase) {
    return phase == Phase.PLAN ? row.plan() : row.summary();
  }
}
