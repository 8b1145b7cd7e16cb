package org.example.stwd.attachments;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Removes the files of processes whose history is gone (the engine's history cleanup, a deleted
 * campaign) every {@code stwd.attachments.sweep-interval}: attachments go with the history they
 * belong to. Several nodes may sweep at once; deleting what is already deleted changes nothing.
 */
@Configuration
@EnableScheduling
public class FileSweeper {

  private static final Logger LOG = LoggerFactory.getLogger(FileSweeper.class);

  private final Attachments attachments;

  public FileSweeper(Attachments attachments) {
    this.attachments = attachments;
  }

  @Scheduled(
      fixedDelayString = "${stwd.attachments.sweep-interval:PT1H}",
      initialDelayString = "${stwd.attachments.sweep-interval:PT1H}")
  public void sweep() {
    int removed = attachments.removeOrphans();
    if (removed > 0) {
      LOG.info("Removed {} attachment(s) whose process history is gone", removed);
    }
  }
}
