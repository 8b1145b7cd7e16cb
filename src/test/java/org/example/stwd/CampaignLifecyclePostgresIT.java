package org.example.stwd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import org.example.stwd.core.Phase;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole 2023 lifecycle (the same steps and assertions as {@link CampaignLifecycle2023Test}) on
 * the real PostgreSQL, in a database created for this run and dropped afterwards, with real mail
 * through GreenMail: Flyway's migrations, the engine's schema and every query of the application on
 * PostgreSQL. Its application context is closed when the class is done, before the database is
 * dropped at the JVM's exit: closed at exit together, the engine's shutdown waited for connections
 * to a database that was gone, and the test JVM hung for 30 s.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class CampaignLifecyclePostgresIT extends CampaignLifecycle2023Test {

  static final PostgresTestDatabase DB = PostgresTestDatabase.create("lifecycle");

  @DynamicPropertySource
  static void postgres(DynamicPropertyRegistry registry) {
    DB.register(registry);
  }

  @Test
  void theJobExecutorFindsTheLockedJobsThroughAPartialIndex() {
    assertThat(
            jdbc.queryForObject(
                "SELECT indexdef FROM pg_indexes WHERE tablename = 'act_ru_job' AND indexname = 'stwd_idx_job_locked'",
                String.class))
        .containsIgnoringCase("(process_instance_id_)")
        .containsIgnoringCase("WHERE (lock_owner_ IS NOT NULL)");
  }

  /**
   * Review outcome batches (ADR 0009) under concurrency on PostgreSQL: four reviewers complete 40
   * reviews while the batches' jobs close and send batches as fast as they come (the tests' window
   * is zero and the clock stands still, so the jobs close the batches). Every review must end up in
   * a batch that is sent after it committed: each unit gets its outcome mail exactly once. Without
   * the share lock this test lost mails in two runs of two.
   */
  @Test
  void concurrentReviewsAndBatchClosesLoseNoOutcomeMail() throws Exception {
    List<String> units =
        IntStream.rangeClosed(1, 40).mapToObj(i -> String.format("rc%02d", i)).toList();
    try {
      for (String unit : units) {
        jdbc.update(
            "INSERT INTO stwd_unit (code, name, category, contact_name, contact_email) VALUES (?, ?, 'BRANCH', '测试联系人', ?)",
            unit,
            "并发测试分会" + unit,
            unit + "@example.org");
      }
      clock("2023-05-06T10:00");
      distributedCampaign(
          with(payload("2023/01-register-notice.json"), "campaignCode", "RACE-2023"),
          with(
              payload("2023/02-draft-forwarding.json"),
              "targetCategories",
              List.of(),
              "targetUnitCodes",
              String.join(" ", units)));
      clock("2023-05-08T10:00");
      for (String unit : units) {
        submit(unitTask("RACE-2023", unit, Phase.PLAN, "Task_SubmitPlan"), plan2023());
      }
      ConcurrentLinkedQueue<Task> reviews =
          new ConcurrentLinkedQueue<>(
              units.stream()
                  .map(u -> unitTask("RACE-2023", u, Phase.PLAN, "Task_ReviewPlan"))
                  .toList());
      List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
      List<Thread> reviewers = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        Thread t =
            new Thread(
                () -> {
                  Task task;
                  while ((task = reviews.poll()) != null) {
                    try {
                      boolean approve = task.getId().hashCode() % 2 == 0;
                      submit(
                          task,
                          approve
                              ? approve("planDecision")
                              : returnWith("planDecision", "planReviewComment", "请补充活动预算"));
                      Thread.sleep(20); // spread the reviews over the batches' jobs
                    } catch (Throwable e) {
                      errors.add(e);
                    }
                  }
                });
        t.start();
        reviewers.add(t);
      }
      List<String> jobFailures = new ArrayList<>();
      int executed = 0;
      while (reviewers.stream().anyMatch(Thread::isAlive)) {
        for (Job job :
            management
                .createJobQuery()
                .processDefinitionKey("review-outcome-mails")
                .executable()
                .list()) {
          try {
            management.executeJob(job.getId());
            executed++;
          } catch (RuntimeException e) {
            jobFailures.add(e.getMessage());
          }
        }
      }
      for (Thread t : reviewers) {
        t.join();
      }
      System.out.println("outcome jobs executed while the reviewers ran: " + executed);
      runJobs();
      assertThat(errors).isEmpty();
      assertThat(jobFailures).isEmpty();

      List<String> sent =
          jdbc.queryForList(
              "SELECT idem_key FROM stwd_mail_sent WHERE idem_key LIKE 'RACE-2023|%|PLAN_%ED|1'",
              String.class);
      assertThat(sent.stream().map(k -> k.split("\\|")[1]).sorted().collect(Collectors.toList()))
          .isEqualTo(units);
      for (String unit : units) {
        assertThat(
                mailsTo(unit + "@example.org", "【审核通过】").size()
                    + mailsTo(unit + "@example.org", "【退回修改】").size())
            .as(unit)
            .isEqualTo(1);
      }
      assertThat(
              jdbc.queryForObject(
                  "SELECT COUNT(*) FROM stwd_outcome_batch WHERE campaign_code = 'RACE-2023'",
                  Integer.class))
          .isGreaterThan(1);
      assertThat(
              jdbc.queryForObject(
                  "SELECT COUNT(*) FROM stwd_outcome_batch WHERE campaign_code = 'RACE-2023' AND open_slot IS NOT NULL",
                  Integer.class))
          .isZero();
    } finally {
      jdbc.update("DELETE FROM stwd_unit WHERE code LIKE 'rc__'");
    }
  }
}
