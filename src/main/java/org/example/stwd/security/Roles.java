package org.example.stwd.security;

import java.util.Collection;

/** The groups the product's grants, filters and REST checks are written for. */
public final class Roles {

  /** 组织宣传部: runs the campaign, reviews plans and summaries, watches Cockpit. */
  public static final String HQ_OFFICE = "hq-office";

  /** 学会领导: approves the forwarding notice, the upward report and the nominations. */
  public static final String HQ_LEADERS = "hq-leaders";

  /** Every unit contact; each is also in the unit's own group {@code unit-<code>}. */
  public static final String UNIT_CONTACTS = "unit-contacts";

  /** Camunda's administrators group (all permissions). */
  public static final String ADMIN = "camunda-admin";

  private Roles() {}

  /**
   * Whether the groups may read the campaigns' board, exports, files and unit timelines (HQ,
   * administrators and the leaders, who approve the report that links to them; README "Who sees
   * what"). Changes stay with {@link #isHq}.
   */
  public static boolean canRead(Collection<String> groups) {
    return isHq(groups) || groups.contains(HQ_LEADERS);
  }

  /** Whether the groups may use HQ's own endpoints (urging, mail log, board). */
  public static boolean isHq(Collection<String> groups) {
    return groups.contains(HQ_OFFICE) || groups.contains(ADMIN);
  }
}
