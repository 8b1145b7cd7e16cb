package org.example.stwd.notify;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.task.Task;
import org.example.stwd.attachments.Attachments;
import org.example.stwd.config.StwdProperties;
import org.example.stwd.core.CampaignUnitRepository;
import org.example.stwd.core.CampaignValues;
import org.example.stwd.core.Phase;
import org.example.stwd.core.UnitStatus;
import org.example.stwd.engine.EngineAccess;
import org.example.stwd.engine.EngineClock;
import org.springframework.stereotype.Component;

/**
 * Builds and sends the mails of one unit's plan or summary process: the template model from the
 * process variables (unit, campaign, local deadline, link to the unit's open task) and the mail
 * itself, to the unit's contacts.
 */
@Component
public class UnitMails {

  /**
   * The model's entry for when the mail's sign-in links expire by default (the phase's cut-off).
   */
  static final String LINK_EXPIRY = "linkExpiry";

  private final MailService mailService;
  private final MailTemplates templates;
  private final Recipients recipients;
  private final CampaignUnitRepository campaignUnits;
  private final StwdProperties properties;
  private final CampaignValues campaignValues;
  private final Attachments attachments;

  public UnitMails(
      MailService mailService,
      MailTemplates templates,
      Recipients recipients,
      CampaignUnitRepository campaignUnits,
      StwdProperties properties,
      CampaignValues campaignValues,
      Attachments attachments) {
    this.attachments = attachments;
    this.mailService = mailService;
    this.templates = templates;
    this.recipients = recipients;
    this.campaignUnits = campaignUnits;
    this.properties = properties;
    this.campaignValues = campaignValues;
  }

  /** The model every unit mail template gets, from the unit process's variables. */
  public Map<String, Object> model(DelegateExecution execution, Phase phase) {
    return model(
        execution,
        phase,
        campaignUnits.status(
            (String) execution.getVariable("campaignCode"),
            (String) execution.getVariable("unitCode"),
            phase));
  }

  /**
   * The model every unit mail template gets, from the unit process's variables and the unit's
   * status in the phase, which the caller has just read.
   */
  public Map<String, Object> model(DelegateExecution execution, Phase phase, UnitStatus status) {
    String campaignCode = (String) execution.getVariable("campaignCode");
    // the forwarding notice's details and the cut-off stay with the campaign's process
    Map<String, Object> campaign =
        campaignValues.of(
            execution,
            List.of(
                phase.variable(Phase.Schedule.CUTOFF_AT),
                "forwardingDocNumber",
                "forwardingNote",
                "hqContact",
                "noticeLink"));
    Map<String, Object> model =
        model(
            phase,
            name -> campaign.containsKey(name) ? campaign.get(name) : execution.getVariable(name),
            openTask(execution.getProcessInstanceId(), phase),
            status == UnitStatus.RETURNED);
    // HQ's documents (the CAST notice, annex templates) are downloaded from the unit page
    model.put(
        "documents", attachments.documents(campaignCode).stream().map(f -> f.name()).toList());
    return model;
  }

  /** The names {@link #model(Phase, Function, Task, boolean)} asks for, besides the unit's name. */
  public static List<String> campaignValueNames(Phase phase) {
    return List.of(
        "campaignTitle",
        "campaignTheme",
        phase.variable(Phase.Schedule.DEADLINE),
        phase.variable(Phase.Schedule.CUTOFF_AT),
        "forwardingDocNumber",
        "forwardingNote",
        "hqContact",
        "noticeLink");
  }

  /**
   * The model every unit mail template gets, from whatever holds the values: {@code values} answers
   * {@code unitName} and the {@link #campaignValueNames campaign's values}; {@code task} is the
   * unit's open task the mail asks to fill in (none: the link just opens the unit page).
   */
  public Map<String, Object> model(
      Phase phase, Function<String, Object> values, Task task, boolean returned) {
    LocalDate deadline =
        LocalDate.parse((String) values.apply(phase.variable(Phase.Schedule.DEADLINE)));
    Date cutoffAt = (Date) values.apply(phase.variable(Phase.Schedule.CUTOFF_AT));
    LocalDate lastDay =
        cutoffAt.toInstant().atZone(properties.timeZone()).toLocalDate().minusDays(1);
    LocalDate today = EngineClock.now().atZone(properties.timeZone()).toLocalDate();

    Map<String, Object> model = new HashMap<>();
    model.put("society", properties.societyName());
    model.put("greeting", values.apply("unitName"));
    model.put("unitName", values.apply("unitName"));
    model.put("campaignTitle", values.apply("campaignTitle"));
    model.put("theme", values.apply("campaignTheme"));
    model.put("docNumber", values.apply("forwardingDocNumber"));
    model.put("hqContact", values.apply("hqContact"));
    model.put("noticeLink", values.apply("noticeLink"));
    model.put("note", values.apply("forwardingNote"));
    model.put("phaseLabel", phase.label());
    model.put("plan", phase == Phase.PLAN);
    model.put("deadline", MailTexts.date(deadline));
    model.put("cutoffDate", MailTexts.date(lastDay));
    model.put("deadlinePassed", today.isAfter(deadline));
    model.put("daysOverdue", Math.max(0, ChronoUnit.DAYS.between(deadline, today)));
    model.put("returned", returned);
    // every copy gets its contact's own sign-in link to the unit page (Recipients.personalCopies)
    model.put("link", properties.unitPageUrl());
    model.put("linkLabel", task == null ? "打开单位报送页面" : "填报" + phase.label());
    model.put(LINK_EXPIRY, cutoffAt.toInstant());
    return model;
  }

  /** Whether the unit's mail of this kind and sequence number has been sent. */
  public boolean alreadySent(String campaignCode, String unitCode, MailKind kind, int sequence) {
    return mailService.alreadySent(OutgoingMail.key(campaignCode, unitCode, kind, sequence));
  }

  /** Renders the template and sends the mail to the unit's contacts, once per sequence number. */
  public boolean send(
      DelegateExecution execution,
      Phase phase,
      MailKind kind,
      int sequence,
      String template,
      Map<String, Object> model) {
    return send(
        (String) execution.getVariable("campaignCode"),
        (String) execution.getVariable("unitCode"),
        phase,
        kind,
        sequence,
        template,
        model);
  }

  /** Renders the template and sends the mail to the unit's contacts, once per sequence number. */
  public boolean send(
      String campaignCode,
      String unitCode,
      Phase phase,
      MailKind kind,
      int sequence,
      String template,
      Map<String, Object> model) {
    String subject =
        MailTexts.subject(
            kind,
            properties.societyName(),
            (String) model.get("campaignTitle"),
            phase.label(),
            (String) model.get("deadline"),
            ((Number) model.get("daysOverdue")).longValue());
    model.put("subject", subject);
    return mailService.sendOnce(
        new OutgoingMail(
            campaignCode,
            unitCode,
            kind,
            sequence,
            subject,
            recipients.personalCopies(
                unitCode,
                kind,
                recipients.linkExpiry((java.time.Instant) model.get(LINK_EXPIRY)),
                link -> {
                  Map<String, Object> personal = new HashMap<>(model);
                  personal.put("link", link);
                  return templates.render(template, personal);
                })));
  }

  /**
   * The unit's open submission task, if any. Mails are sent from jobs, inside the engine's command:
   * the process instance's tasks are read by its id (one indexed statement), not through a task
   * query, whose dynamic SQL is built anew per call (ADR 0007).
   */
  public static Task openTask(String processInstanceId, Phase phase) {
    String key = phase.submitTaskKey();
    return EngineAccess.tasksOf(processInstanceId).stream()
        .filter(task -> key.equals(task.getTaskDefinitionKey()))
        .findFirst()
        .orElse(null);
  }
}
