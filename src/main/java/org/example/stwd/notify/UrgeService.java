package org.example.stwd.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.EventSubscription;
import org.example.stwd.config.StwdProperties;
import org.example.stwd.core.CampaignRepository;
import org.example.stwd.core.CampaignUnitRepository;
import org.example.stwd.core.Phase;
import org.example.stwd.core.UnitProgress;
import org.example.stwd.core.UnitStatus;
import org.example.stwd.engine.EngineClock;
import org.example.stwd.validation.Refusal;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * 催办: HQ urges one unit, several, or every unit that still has to submit. Each unit is either urged
 * (logged, then the message PlanUrged / SummaryUrged makes its process send the mail from an async
 * job with retries) or skipped with the reason: nothing to submit, urged by hand within the quiet
 * period (the automatic reminders and overdue notices do not count: urging is HQ's word on top of
 * them), or no e-mail address. The whole request is one transaction: a refused request changes
 * nothing.
 */
@Service
public class UrgeService {

  /** Why a unit was not urged. */
  public enum SkipReason {
    NOT_AWAITING,
    QUIET_PERIOD,
    NO_EMAIL
  }

  public record Urged(String unitCode, String unitName, String status, int sequence) {}

  public record Skipped(String unitCode, String unitName, SkipReason reason, String detail) {}

  public record Result(
      String campaignCode,
      Phase phase,
      String phaseLabel,
      List<Urged> urged,
      List<Skipped> skipped) {}

  private final CampaignRepository campaigns;
  private final CampaignUnitRepository campaignUnits;
  private final UrgeRepository urges;
  private final Recipients recipients;
  private final MailService mailService;
  private final RuntimeService runtime;
  private final StwdProperties properties;

  public UrgeService(
      CampaignRepository campaigns,
      CampaignUnitRepository campaignUnits,
      UrgeRepository urges,
      Recipients recipients,
      MailService mailService,
      RuntimeService runtime,
      StwdProperties properties) {
    this.campaigns = campaigns;
    this.campaignUnits = campaignUnits;
    this.urges = urges;
    this.recipients = recipients;
    this.mailService = mailService;
    this.runtime = runtime;
    this.properties = properties;
  }

  /**
   * Urges the given units, or (unitCodes null or empty) every unit still to submit.
   *
   * @param phase the phase to urge for; null means the phase being collected now
   */
  @Transactional
  public Result urge(
      String campaignCode, Phase phase, List<String> unitCodes, String message, String urgedBy) {
    if (!campaigns.exists(campaignCode)) {
      throw Refusal.notFound("没有编号为“" + campaignCode + "”的活动");
    }
    List<String> problems = new ArrayList<>();
    String note = message == null || message.isBlank() ? null : message.strip();
    if (note != null && note.length() > 500) {
      problems.add("附言不能超过 500 字（现为 " + note.length() + " 字）");
    }
    Phase current = phase != null ? phase : collectingPhase(campaignCode);
    List<UnitProgress> all = campaignUnits.progress(campaignCode, current);
    Map<String, UnitProgress> byCode =
        all.stream().collect(Collectors.toMap(UnitProgress::unitCode, Function.identity()));
    boolean everyMissing = unitCodes == null || unitCodes.isEmpty();
    Set<String> requested = new LinkedHashSet<>();
    if (!everyMissing) {
      for (String code : unitCodes) {
        String c = code == null ? "" : code.strip();
        if (!byCode.containsKey(c)) {
          problems.add("单位“" + c + "”不在本次活动的报送单位中");
        }
        requested.add(c);
      }
    }
    if (!problems.isEmpty()) {
      throw Refusal.invalid(problems);
    }
    if (all.stream()
        .noneMatch(
            u ->
                UnitStatus.AWAITING_UNIT.contains(u.status())
                    || u.status() == UnitStatus.SUBMITTED)) {
      throw Refusal.conflict("活动“" + campaignCode + "”目前没有正在收集的" + current.label() + "，无需催办");
    }

    List<UnitProgress> targets =
        everyMissing
            ? all.stream().filter(u -> UnitStatus.AWAITING_UNIT.contains(u.status())).toList()
            : requested.stream().map(byCode::get).toList();
    Instant now = EngineClock.now();
    Duration quiet = properties.urgeQuietPeriod();
    List<Urged> urged = new ArrayList<>();
    List<Skipped> skipped = new ArrayList<>();
    // the units' rows locked first (stwd_campaign_unit, SELECT … FOR UPDATE, in the order of the
    // unit codes so that two requests never wait for each other in a circle), then their urges
    // read: a second request for the same unit, on any node, waits until the first has committed
    // its urge and then finds it, so a quiet period holds exactly one urge and the counts stay
    // exact (ADR 0013)
    List<UnitProgress> inLockOrder =
        targets.stream().sorted(Comparator.comparing(UnitProgress::unitCode)).toList();
    List<String> codes = inLockOrder.stream().map(UnitProgress::unitCode).toList();
    campaignUnits.lockAll(campaignCode, codes);
    Map<String, UrgeRepository.UrgeState> states = urges.states(campaignCode, current);
    Set<String> waiting = waitingForUrge(current);
    Set<String> withoutAddress = recipients.withoutAddress(codes);
    List<UrgeRepository.NewUrge> lines = new ArrayList<>();
    List<String> toCorrelate = new ArrayList<>();
    for (UnitProgress unit : inLockOrder) {
      UrgeRepository.UrgeState state = states.get(unit.unitCode());
      Skipped skip =
          check(
              unit,
              state == null ? null : state.lastUrgedAt(),
              now,
              quiet,
              waiting.contains(unit.processInstanceId()),
              !withoutAddress.contains(unit.unitCode()));
      if (skip != null) {
        lines.add(
            new UrgeRepository.NewUrge(
                unit.unitCode(), null, skip.reason().name(), skip.detail(), null));
        if (skip.reason() == SkipReason.NO_EMAIL) {
          mailService.logUndeliverable(
              campaignCode,
              unit.unitCode(),
              current == Phase.PLAN ? MailKind.PLAN_URGE : MailKind.SUMMARY_URGE,
              skip.detail());
        }
        skipped.add(skip);
        continue;
      }
      int seq = state == null ? 1 : state.lastSeq() + 1;
      lines.add(new UrgeRepository.NewUrge(unit.unitCode(), seq, null, null, note));
      toCorrelate.add(unit.processInstanceId());
      urged.add(new Urged(unit.unitCode(), unit.unitName(), unit.status().label(), seq));
    }
    urges.recordAll(campaignCode, current, lines, urgedBy, now);
    if (!toCorrelate.isEmpty()) {
      // the urged units' processes get the message from the engine's batch jobs (after this
      // transaction commits, spread over the nodes' job executors); each then sends its mail from
      // an async step with retries. A unit that submits in between is no longer waiting for it and
      // gets none: its submission marks the urge lapsed (UrgeLapseListener).
      runtime
          .createMessageCorrelationAsync(current == Phase.PLAN ? "PlanUrged" : "SummaryUrged")
          .processInstanceIds(toCorrelate)
          .correlateAllAsync();
    }
    return new Result(campaignCode, current, current.label(), urged, skipped);
  }

  private Skipped check(
      UnitProgress unit,
      Instant last,
      Instant now,
      Duration quiet,
      boolean waitingForUrge,
      boolean hasAddress) {
    if (!UnitStatus.AWAITING_UNIT.contains(unit.status()) || !waitingForUrge) {
      return new Skipped(
          unit.unitCode(),
          unit.unitName(),
          SkipReason.NOT_AWAITING,
          "状态为“" + unit.status().label() + "”，无需催办");
    }
    if (last != null && last.plus(quiet).isAfter(now)) {
      return new Skipped(
          unit.unitCode(),
          unit.unitName(),
          SkipReason.QUIET_PERIOD,
          "已于 "
              + MailTexts.time(last, properties.timeZone())
              + " 催办过，"
              + hours(quiet)
              + "内不再催办（"
              + MailTexts.time(last.plus(quiet), properties.timeZone())
              + " 后可再催办）");
    }
    if (!hasAddress) {
      return new Skipped(
          unit.unitCode(), unit.unitName(), SkipReason.NO_EMAIL, "单位没有联系邮箱，无法催办，请在单位名录中补充");
    }
    return null;
  }

  /** The processes whose submit task waits for the phase's urge (its message event, ADR 0014). */
  private Set<String> waitingForUrge(Phase phase) {
    Set<String> instances = new HashSet<>();
    for (EventSubscription s :
        runtime
            .createEventSubscriptionQuery()
            .eventType("message")
            .eventName(phase == Phase.PLAN ? "PlanUrged" : "SummaryUrged")
            .list()) {
      instances.add(s.getProcessInstanceId());
    }
    return instances;
  }

  /** The phase being collected: summaries once they have been requested, plans before. */
  private Phase collectingPhase(String campaignCode) {
    return campaignUnits.countByStatus(campaignCode, Phase.SUMMARY).entrySet().stream()
            .anyMatch(e -> e.getKey() != UnitStatus.NONE && e.getValue() > 0)
        ? Phase.SUMMARY
        : Phase.PLAN;
  }

  private static String hours(Duration d) {
    return d.toMinutes() % 60 == 0 ? d.toHours() + " 小时" : d.toMinutes() + " 分钟";
  }
}
