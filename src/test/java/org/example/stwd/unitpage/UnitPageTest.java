package org.example.stwd.unitpage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.task.Task;
import org.example.stwd.ProcessTestSupport;
import org.example.stwd.core.Phase;
import org.example.stwd.core.UnitStatus;
import org.example.stwd.security.DatabaseSnapshot;
import org.example.stwd.security.Doors;
import org.example.stwd.security.SignInThrottle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The unit page's door and API (docs/UNIT-PAGE.md): sign-in links from the mails (personal, stored
 * only as hashes, refused when expired, tampered, revoked, another contact's or replayed after
 * sign-out), the API that takes the unit from the session and exactly the form's fields, drafts on
 * the server, receipts, the unit's history, HQ's read-only view, and unit contacts kept out of
 * Tasklist, Cockpit and the engine's REST. Every refusal is checked to change nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class UnitPageTest extends ProcessTestSupport {

  static final String CODE = "UP-2023";
  static final String NOTICE_LINK = "https://www.example.org/notices/stwd-2023";

  @LocalServerPort int port;
  @Autowired IdentityService identityService;
  @Autowired SignInThrottle throttle;

  private Task wc01Plan;
  private Task wc02Plan;

  @BeforeEach
  void twoUnitsNotified() {
    throttle.reset();
    clock("2023-05-06T10:00");
    distributedCampaign(
        with(
            payload("2023/01-register-notice.json"),
            "campaignCode",
            CODE,
            "noticeLink",
            NOTICE_LINK),
        with(
            payload("2023/02-draft-forwarding.json"),
            "targetCategories",
            List.of(),
            "targetUnitCodes",
            "wc01 wc02"));
    wc01Plan = unitTask(CODE, "wc01", Phase.PLAN, "Task_SubmitPlan");
    wc02Plan = unitTask(CODE, "wc02", Phase.PLAN, "Task_SubmitPlan");
  }

  @AfterEach
  void clear() {
    identityService.clearAuthentication();
    identityService.unlockUser("wc01");
    throttle.reset();
  }

  private String noticeToken(String address) throws Exception {
    List<MimeMessage> notices = mailsTo(address, "【");
    assertThat(notices).isNotEmpty();
    return UnitClient.token(textOf(notices.get(notices.size() - 1)));
  }

  private UnitClient signedIn(String user) throws Exception {
    UnitClient client = new UnitClient(port);
    HttpResponse<String> response = client.signInWithLink(noticeToken(user + "@example.org"));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    client.me();
    return client;
  }

  private static String plan(String extra) {
    return "{"
        + extra
        + "\"holdsActivities\": \"YES\", \"activities\": [{\"activityName\": \"青年科技工作者座谈会\","
        + " \"activityCategory\": \"“点亮精神火炬”主题活动\", \"startDate\": \"2023-05-26\", \"endDate\": \"2023-05-26\","
        + " \"place\": \"示例市科技会堂\", \"mode\": \"OFFLINE\", \"audience\": \"青年科技工作者\", \"expectedParticipants\": 80,"
        + " \"description\": \"交流座谈\", \"publicityChannels\": \"公众号\", \"requestsKeyPublicity\": false}],"
        + " \"responsiblePerson\": \"陈雨桐\", \"responsiblePhone\": \"010-5550-0101\", \"responsibleEmail\": \"wc01@example.org\"}";
  }

  private void refusedAndUnchanged(
      UnitClient client, String method, String path, String body, int status) throws Exception {
    Map<String, List<String>> before = DatabaseSnapshot.take(jdbc);
    HttpResponse<String> response = client.send(method, path, body);
    String what = method + " " + path + " → " + response.statusCode() + " " + response.body();
    assertThat(response.statusCode()).as(what).isEqualTo(status);
    assertThat(response.body())
        .as(what)
        .containsPattern("[\\u4e00-\\u9fff]")
        .doesNotContain("ENGINE-", "Exception", "Cannot ", "is null");
    assertThat(DatabaseSnapshot.changes(before, DatabaseSnapshot.take(jdbc))).as(what).isEmpty();
  }

  // ---- sign-in links

  @Test
  void everyContactsMailCarriesTheirOwnLinkWhichIsStoredOnlyAsAHashAndNeverLogged(
      CapturedOutput output) throws Exception {
    String wc01Token = noticeToken("wc01@example.org");
    String wc02Token = noticeToken("wc02@example.org");
    assertThat(wc01Token).isNotEqualTo(wc02Token);
    MimeMessage notice = mailsTo("wc01@example.org", "【").get(0);
    assertThat(htmlOf(notice)).contains("/unit/signin#t=" + wc01Token);
    assertThat(textOf(notice)).contains("填报活动方案：http://localhost:8080/unit/signin#t=");

    UnitClient wc01 = new UnitClient(port);
    assertThat(wc01.signInWithLink(wc01Token).statusCode()).isEqualTo(200);
    JsonNode me = wc01.me();
    assertThat(me.path("unitCode").asText()).isEqualTo("wc01");
    assertThat(me.path("unitName").asText()).isEqualTo("青年工作委员会");
    assertThat(me.path("readOnly").asBoolean()).isFalse();

    // the database holds no token, only hashes; the log holds none either
    assertThat(
            String.join(
                "\n", DatabaseSnapshot.take(jdbc).values().stream().flatMap(List::stream).toList()))
        .doesNotContain(wc01Token, wc02Token);
    assertThat(output.getAll()).doesNotContain(wc01Token, wc02Token);
  }

  @Test
  void expiredTamperedRevokedAnotherContactsAndSignedOutLinksAreRefusedAndChangeNothing()
      throws Exception {
    String wc01Token = noticeToken("wc01@example.org");
    String wc02Token = noticeToken("wc02@example.org");

    // tampered: one character changed
    String tampered =
        wc01Token.substring(0, 5)
            + (wc01Token.charAt(5) == 'A' ? 'B' : 'A')
            + wc01Token.substring(6);
    UnitClient stranger = new UnitClient(port);
    refusedAndUnchanged(
        stranger, "POST", "/api/unit/session/link", "{\"token\": \"" + tampered + "\"}", 401);
    refusedAndUnchanged(stranger, "POST", "/api/unit/session/link", "{\"token\": \"x\"}", 401);
    refusedAndUnchanged(stranger, "GET", "/api/unit/overview", null, 401);

    // another contact's link in a browser signed in as wc01: refused, still wc01
    UnitClient wc01 = signedIn("wc01");
    refusedAndUnchanged(
        wc01, "POST", "/api/unit/session/link", "{\"token\": \"" + wc02Token + "\"}", 409);
    assertThat(wc01.me().path("unitCode").asText()).isEqualTo("wc01");

    // replayed after sign-out
    assertThat(wc01.signOut().statusCode()).isEqualTo(200);
    assertThat(wc01.send("GET", "/api/unit/overview", null).statusCode()).isEqualTo(401);
    HttpResponse<String> replay = new UnitClient(port).signInWithLink(wc01Token);
    assertThat(replay.statusCode()).isEqualTo(401);
    assertThat(UnitClient.json(replay).path("reason").asText()).isEqualTo("REVOKED");

    // revoked by HQ: the link and the session it opened
    UnitClient wc02 = signedIn("wc02");
    Doors.Door hq = new Doors(port, "test").rest("hq01");
    HttpResponse<String> revoke =
        hq.sendRaw("POST", "/api/sign-in-links/revoke", "{\"unit\": \"wc02\"}");
    assertThat(revoke.statusCode()).as(revoke.body()).isEqualTo(200);
    assertThat(wc02.send("GET", "/api/unit/overview", null).statusCode()).isEqualTo(401);
    refusedAndUnchanged(
        new UnitClient(port),
        "POST",
        "/api/unit/session/link",
        "{\"token\": \"" + wc02Token + "\"}",
        401);
    // a unit contact cannot revoke
    assertThat(
            new Doors(port, "test")
                .rest("wc01")
                .sendRaw("POST", "/api/sign-in-links/revoke", "{\"unit\": \"wc02\"}")
                .statusCode())
        .isEqualTo(403);

    // expired: a notice's link works until the plan phase's grace ends; a link asked for by
    // mail for 24 hours
    java.sql.Timestamp noticeExpiry =
        jdbc.queryForList(
                "SELECT expires_at FROM stwd_signin_link WHERE user_id = 'wc01' AND purpose = 'NOTICE'"
                    + " ORDER BY id DESC",
                java.sql.Timestamp.class)
            .get(0);
    assertThat(noticeExpiry.toInstant())
        .isEqualTo(
            ((java.util.Date)
                    runtime.getVariable(
                        runtime
                            .createProcessInstanceQuery()
                            .processInstanceBusinessKey(CODE)
                            .singleResult()
                            .getId(),
                        "planCutoffAt"))
                .toInstant());
    throttle.reset();
    new UnitClient(port)
        .send("POST", "/api/unit/session/new-link", "{\"email\": \"wc01@example.org\"}");
    List<MimeMessage> links = mailsTo("wc01@example.org", "【示例科学技术学会】单位报送页面登录链接");
    String requested = UnitClient.token(textOf(links.get(links.size() - 1)));
    clock("2023-05-07T10:01");
    HttpResponse<String> expired = new UnitClient(port).signInWithLink(requested);
    assertThat(expired.statusCode()).isEqualTo(401);
    assertThat(UnitClient.json(expired).path("reason").asText()).isEqualTo("EXPIRED");
    assertThat(expired.body()).contains("已过期");
  }

  @Test
  void signInAttemptsAreRateLimited() throws Exception {
    // contacts behind one office's address sign in with their links freely: only failures count
    String link = noticeToken("wc01@example.org");
    for (int i = 0; i < 12; i++) {
      assertThat(new UnitClient(port).signInWithLink(link).statusCode()).isEqualTo(200);
    }
    UnitClient guesser = new UnitClient(port);
    for (int i = 0; i < 10; i++) {
      assertThat(guesser.signInWithPassword("wc01", "guess" + i).statusCode()).isEqualTo(401);
    }
    HttpResponse<String> limited = guesser.signInWithPassword("wc01", "test");
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.body()).contains("尝试次数过多");
    // (the engine also locks an account for a while after wrong passwords)
    identityService.unlockUser("wc01");
    throttle.reset();
    assertThat(new UnitClient(port).signInWithPassword("wc01", "test").statusCode()).isEqualTo(200);
    // HQ's account is not a unit contact's
    assertThat(new UnitClient(port).signInWithPassword("hq01", "test").statusCode()).isEqualTo(403);
    // a guesser of tokens is held too, valid link or not
    throttle.reset();
    UnitClient tokenGuesser = new UnitClient(port);
    for (int i = 0; i < 10; i++) {
      // the real token with one character changed: never the real one
      char changed = link.charAt(i) == 'A' ? 'B' : 'A';
      String guess = link.substring(0, i) + changed + link.substring(i + 1);
      assertThat(tokenGuesser.signInWithLink(guess).statusCode()).isEqualTo(401);
    }
    assertThat(tokenGuesser.signInWithLink(link).statusCode()).isEqualTo(429);
  }

  @Test
  void aContactAsksForANewLinkByMailAndTheAnswerDoesNotTellWhoIsKnown() throws Exception {
    UnitClient client = new UnitClient(port);
    HttpResponse<String> known =
        client.send("POST", "/api/unit/session/new-link", "{\"email\": \"wc01@example.org\"}");
    HttpResponse<String> unknown =
        client.send("POST", "/api/unit/session/new-link", "{\"email\": \"nobody@example.org\"}");
    assertThat(known.statusCode()).isEqualTo(202);
    assertThat(unknown.statusCode()).isEqualTo(202);
    assertThat(known.body()).isEqualTo(unknown.body());
    List<MimeMessage> links = mailsTo("wc01@example.org", "【示例科学技术学会】单位报送页面登录链接");
    assertThat(links).hasSize(1);
    assertThat(
            new UnitClient(port)
                .signInWithLink(UnitClient.token(textOf(links.get(0))))
                .statusCode())
        .isEqualTo(200);
    assertThat(mailsTo("nobody@example.org")).isEmpty();
  }

  // ---- the page's data and the API

  /**
   * The unit page remembers for a minute that its contact is one (security/UnitContacts), but a
   * contact taken out of the unit's group loses the page with the next request: the change goes
   * through the engine, which makes every node's own answers forgotten at once.
   */
  @Test
  void aContactTakenOutOfTheUnitLosesThePageAtOnce() throws Exception {
    UnitClient wc01 = signedIn("wc01");
    assertThat(wc01.send("GET", "/api/unit/overview", null).statusCode()).isEqualTo(200);
    assertThat(wc01.send("GET", "/api/unit/overview", null).statusCode()).isEqualTo(200);
    identityService.deleteMembership("wc01", "unit-wc01");
    try {
      HttpResponse<String> after = wc01.send("GET", "/api/unit/overview", null);
      assertThat(after.statusCode()).isEqualTo(401);
      assertThat(after.body()).contains("请先登录");
      assertThat(
              wc01.send("GET", "/api/unit/tasks/" + wc01Plan.getId() + "/form", null).statusCode())
          .isEqualTo(401);
    } finally {
      identityService.createMembership("wc01", "unit-wc01");
    }
  }

  @Test
  void theOverviewShowsTheNoticeDeadlinesAndWhatIsDue() throws Exception {
    JsonNode overview = signedIn("wc01").getJson("/api/unit/overview");
    assertThat(overview.path("unit").path("code").asText()).isEqualTo("wc01");
    JsonNode campaign = overview.path("campaigns").get(0);
    assertThat(campaign.path("code").asText()).isEqualTo(CODE);
    assertThat(campaign.path("notice").path("title").asText()).contains("全国科技工作者日");
    assertThat(campaign.path("forwarding").path("docNumber").asText()).isEqualTo("示学字〔2023〕082号");
    // the notice HQ registered reaches the unit: on the page and in the mail
    assertThat(campaign.path("notice").path("link").asText()).isEqualTo(NOTICE_LINK);
    assertThat(textOf(mailsTo("wc01@example.org", "【").get(0))).contains("通知原文：" + NOTICE_LINK);
    JsonNode phase = campaign.path("phases").get(0);
    assertThat(phase.path("deadline").asText()).isEqualTo("2023-05-15");
    assertThat(phase.path("daysLeft").asInt()).isEqualTo(9);
    assertThat(phase.path("statusLabel").asText()).isEqualTo("待报送");
    JsonNode task = campaign.path("tasks").get(0);
    assertThat(task.path("id").asText()).isEqualTo(wc01Plan.getId());
    assertThat(task.path("name").asText()).isEqualTo("提交活动方案");
    // only the unit's own task
    assertThat(campaign.path("tasks")).hasSize(1);

    JsonNode form = signedIn("wc01").getJson("/api/unit/tasks/" + wc01Plan.getId() + "/form");
    assertThat(form.path("schema").path("id").asText()).isNotEmpty();
    assertThat(form.path("data").path("unitName").asText()).isEqualTo("青年工作委员会");
    assertThat(form.path("data").path("activityCategoryOptions").isArray()).isTrue();
    assertThat(form.path("draft").isNull()).isTrue();
  }

  @Test
  void fieldsNotOnTheFormAndOtherUnitsTasksAreRefusedAndChangeNothing() throws Exception {
    UnitClient wc01 = signedIn("wc01");
    String submit = "/api/unit/tasks/" + wc01Plan.getId() + "/submit";
    for (String smuggled :
        List.of(
            "\"unitCode\": \"wc02\", ",
            "\"campaignCode\": \"OTHER-2023\", ",
            "\"planDecision\": \"APPROVE\", ")) {
      refusedAndUnchanged(wc01, "POST", submit, plan(smuggled), 400);
      refusedAndUnchanged(
          wc01, "PUT", "/api/unit/tasks/" + wc01Plan.getId() + "/draft", plan(smuggled), 400);
    }
    // another unit's open task, an unknown id, HQ's review task: not found, for every call
    List<String> notTheirs = new java.util.ArrayList<>(List.of(wc02Plan.getId(), "no-such-task"));
    for (int round = 0; round < 2; round++) {
      for (String id : notTheirs) {
        refusedAndUnchanged(wc01, "GET", "/api/unit/tasks/" + id + "/form", null, 404);
        refusedAndUnchanged(wc01, "PUT", "/api/unit/tasks/" + id + "/draft", plan(""), 404);
        refusedAndUnchanged(wc01, "POST", "/api/unit/tasks/" + id + "/submit", plan(""), 404);
      }
      if (round == 0) {
        submit(wc02Plan, plan2023());
        notTheirs = List.of(unitTask(CODE, "wc02", Phase.PLAN, "Task_ReviewPlan").getId());
      }
    }
    // the unit comes from the session: a unit parameter is ignored for a contact
    assertThat(wc01.getJson("/api/unit/overview?unit=wc02").path("unit").path("code").asText())
        .isEqualTo("wc01");
    // bad input: Chinese, nothing changed, the task not left claimed
    refusedAndUnchanged(wc01, "POST", submit, "{not json", 400);
    refusedAndUnchanged(
        wc01,
        "POST",
        submit,
        plan("")
            .replace(
                "2023-05-26\", \"endDate\": \"2023-05-26",
                "2023-13-45\", \"endDate\": \"2023-05-26"),
        400);
    assertThat(taskService.createTaskQuery().taskId(wc01Plan.getId()).singleResult().getAssignee())
        .isNull();
    // a change without the session's CSRF token
    UnitClient noToken = new UnitClient(port);
    noToken.signInWithPassword("wc01", "test");
    refusedAndUnchanged(noToken, "POST", submit, plan(""), 403);
  }

  @Test
  void draftsFollowTheUnitToAnotherDeviceAndASubmissionGetsAReceiptAndAHistory() throws Exception {
    UnitClient phone = signedIn("wc01");
    String task = "/api/unit/tasks/" + wc01Plan.getId();
    HttpResponse<String> saved = phone.send("PUT", task + "/draft", plan(""));
    assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);

    UnitClient desktop = new UnitClient(port);
    assertThat(desktop.signInWithPassword("wc01", "test").statusCode()).isEqualTo(200);
    desktop.me();
    JsonNode draft = desktop.getJson(task + "/form").path("draft");
    assertThat(draft.path("data").path("activities").get(0).path("startDate").asText())
        .isEqualTo("2023-05-26");
    assertThat(
            desktop
                .getJson("/api/unit/overview")
                .path("campaigns")
                .get(0)
                .path("tasks")
                .get(0)
                .path("draftSavedAt")
                .isNull())
        .isFalse();

    HttpResponse<String> submitted = desktop.send("POST", task + "/submit", plan(""));
    assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(200);
    JsonNode receipt = UnitClient.json(submitted);
    assertThat(receipt.path("reference").asText()).isEqualTo(CODE + "-wc01-P1");
    assertThat(receipt.path("mailQueued").asBoolean()).isTrue();
    assertThat(campaignUnits.status(CODE, "wc01", Phase.PLAN)).isEqualTo(UnitStatus.SUBMITTED);
    // completed as the contact, without a claim first (issue 21): the engine's operation log
    // names them, as the submission record does
    assertThat(
            history
                .createUserOperationLogQuery()
                .taskId(wc01Plan.getId())
                .operationType("Complete")
                .singleResult()
                .getUserId())
        .isEqualTo("wc01");
    assertThat(
            history
                .createUserOperationLogQuery()
                .taskId(wc01Plan.getId())
                .operationType("Claim")
                .count())
        .isZero();
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM stwd_unit_draft", Integer.class)).isZero();
    // the receipt goes out with the campaign phase's outcome batch
    runJobs();
    List<MimeMessage> receipts = mailsTo("wc01@example.org", "【回执】");
    assertThat(receipts).hasSize(1);
    assertThat(textOf(receipts.get(0)))
        .contains(CODE + "-wc01-P1", "青年工作委员会", "1 项活动：青年科技工作者座谈会", "提交人：陈雨桐");

    // the same task cannot be submitted twice
    refusedAndUnchanged(desktop, "POST", task + "/submit", plan(""), 404);

    // HQ returns the plan: the page shows the comment and a new task
    submit(
        unitTask(CODE, "wc01", Phase.PLAN, "Task_ReviewPlan"),
        returnWith("planDecision", "planReviewComment", "请补充活动的具体地点"));
    JsonNode campaign = phone.getJson("/api/unit/overview").path("campaigns").get(0);
    JsonNode again = campaign.path("tasks").get(0);
    assertThat(again.path("returned").asBoolean()).isTrue();
    assertThat(again.path("reviewComment").asText()).isEqualTo("请补充活动的具体地点");
    JsonNode first = campaign.path("submissions").get(0);
    assertThat(first.path("statusLabel").asText()).isEqualTo("已退回修改");
    assertThat(first.path("reviewComment").asText()).isEqualTo("请补充活动的具体地点");

    HttpResponse<String> resubmitted =
        phone.send("POST", "/api/unit/tasks/" + again.path("id").asText() + "/submit", plan(""));
    assertThat(resubmitted.statusCode()).as(resubmitted.body()).isEqualTo(200);
    assertThat(UnitClient.json(resubmitted).path("reference").asText())
        .isEqualTo(CODE + "-wc01-P2");
    JsonNode submissions =
        phone.getJson("/api/unit/overview").path("campaigns").get(0).path("submissions");
    assertThat(submissions).hasSize(2);
    assertThat(submissions.get(0).path("reference").asText()).isEqualTo(CODE + "-wc01-P2");
    assertThat(submissions.get(0).path("statusLabel").asText()).isEqualTo("待审核");

    // the printable view: what was submitted, with the form; another unit cannot read it
    JsonNode printable = phone.getJson("/api/unit/submissions/" + CODE + "-wc01-P1");
    assertThat(printable.path("data").path("activities").get(0).path("place").asText())
        .isEqualTo("示例市科技会堂");
    assertThat(printable.path("schema").path("components").isArray()).isTrue();
    refusedAndUnchanged(
        signedIn("wc02"), "GET", "/api/unit/submissions/" + CODE + "-wc01-P1", null, 404);
  }

  @Test
  void hqViewsAUnitsPageReadOnlyAndUnitContactsAreKeptOutOfTheWebappsAndRest() throws Exception {
    Doors doors = new Doors(port, "test");
    Doors.Door hq = doors.webapp("hq01", "cockpit");
    HttpResponse<String> view = hq.sendRaw("GET", "/api/unit/overview?unit=wc01", null);
    assertThat(view.statusCode()).as(view.body()).isEqualTo(200);
    assertThat(UnitClient.json(view).path("unit").path("code").asText()).isEqualTo("wc01");
    HttpResponse<String> me = hq.sendRaw("GET", "/api/unit/me?unit=wc01", null);
    assertThat(UnitClient.json(me).path("readOnly").asBoolean()).isTrue();
    Map<String, List<String>> before = DatabaseSnapshot.take(jdbc);
    HttpResponse<String> write =
        hq.sendRaw("POST", "/api/unit/tasks/" + wc01Plan.getId() + "/submit?unit=wc01", plan(""));
    assertThat(write.statusCode()).isEqualTo(403);
    assertThat(write.body()).contains("只读");
    assertThat(DatabaseSnapshot.changes(before, DatabaseSnapshot.take(jdbc))).isEmpty();
    // a leader is not HQ office
    assertThat(
            doors
                .webapp("leader01", "tasklist")
                .sendRaw("GET", "/api/unit/overview?unit=wc01", null)
                .statusCode())
        .isEqualTo(401);

    // unit contacts: no engine REST, no Tasklist or Cockpit, not the webapps' engine API
    HttpResponse<String> rest = doors.rest("wc01").send("GET", "/task", null);
    assertThat(rest.statusCode()).isEqualTo(403);
    assertThat(rest.body()).contains("单位报送");
    for (String app : List.of("tasklist", "cockpit", "admin")) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> doors.webapp("wc01", app))
          .hasMessageContaining("login of wc01 to " + app);
    }
    Doors.Door welcome = doors.webapp("wc01", "welcome");
    HttpResponse<String> tasks = welcome.send("GET", "/task", null);
    assertThat(tasks.statusCode()).isIn(401, 403);
    assertThat(
            welcome
                .send("POST", "/task/" + wc01Plan.getId() + "/claim", "{\"userId\": \"wc01\"}")
                .statusCode())
        .isIn(401, 403);
    assertThat(taskService.createTaskQuery().taskId(wc01Plan.getId()).singleResult().getAssignee())
        .isNull();
  }
}
