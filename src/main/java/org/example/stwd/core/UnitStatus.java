package org.example.stwd.core;

import java.util.EnumSet;
import java.util.Set;

/**
 * Status of one unit in one phase of a campaign (stwd_campaign_unit.plan_status / summary_status).
 */
public enum UnitStatus {
  NONE("无需报送"),
  PENDING("待报送"),
  SUBMITTED("待审核"),
  RETURNED("退回修改"),
  APPROVED("已通过"),
  DECLINED("不开展活动"),
  MISSED("未报送"),
  CANCELLED("已取消");

  /** Statuses in which the unit has still to (re)submit: reminders and overdue notices go out. */
  public static final Set<UnitStatus> AWAITING_UNIT = EnumSet.of(PENDING, RETURNED);

  /** Final statuses a unit's process ends with. */
  public static final Set<UnitStatus> SETTLED = EnumSet.of(APPROVED, DECLINED, MISSED, CANCELLED);

  private final String label;

  UnitStatus(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
