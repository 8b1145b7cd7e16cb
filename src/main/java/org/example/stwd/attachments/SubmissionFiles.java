package org.example.stwd.attachments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.example.stwd.core.Phase;
import org.example.stwd.support.JsonValues;
import org.springframework.stereotype.Component;

/**
 * Hands a submission's files to its process, in the transaction that completes the unit's task
 * (called by the submit listeners, so whichever door the completion came through): the submission's
 * own list of the unit's current files, the references as a JSON variable ({@code planFiles} /
 * {@code summaryFiles}: id, name, size, type, SHA-256) and the same as Markdown with thumbnails and
 * links for HQ's review form ({@code planFilesText} / {@code summaryFilesText}).
 */
@Component
public class SubmissionFiles {

  /** Where HQ downloads files (FilesController). */
  static final String HQ_BASE = FilesController.BASE;

  private final Attachments attachments;

  public SubmissionFiles(Attachments attachments) {
    this.attachments = attachments;
  }

  public void attach(DelegateTask task, Phase phase, String reference) {
    String campaignCode = (String) task.getVariable("campaignCode");
    String unitCode = (String) task.getVariable("unitCode");
    List<StoredFile> files = attachments.submit(campaignCode, unitCode, phase, reference);
    String prefix = phase == Phase.PLAN ? "plan" : "summary";
    List<Map<String, Object>> references = new ArrayList<>();
    for (StoredFile f : files) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("id", f.id());
      r.put("name", f.name());
      r.put("size", f.size());
      r.put("contentType", f.type().contentType());
      r.put("sha256", f.sha256());
      references.add(r);
    }
    task.setVariable(prefix + "Files", JsonValues.json(references));
    task.setVariable(prefix + "FilesText", markdown(files));
  }

  /** The files for HQ's review form: thumbnails of the photos, then every file with a link. */
  static String markdown(List<StoredFile> files) {
    if (files.isEmpty()) {
      return "（本次报送未附文件）";
    }
    StringBuilder s = new StringBuilder();
    long total = files.stream().mapToLong(StoredFile::size).sum();
    s.append("共 ")
        .append(files.size())
        .append(" 个附件，")
        .append(Attachments.size(total))
        .append("。\n\n");
    boolean thumbs = false;
    for (StoredFile f : files) {
      if (f.hasThumbnail()) {
        s.append("[![").append(escape(f.name())).append("](").append(HQ_BASE).append(f.id());
        s.append("/thumb)](").append(HQ_BASE).append(f.id()).append(") ");
        thumbs = true;
      }
    }
    if (thumbs) {
      s.append("\n\n");
    }
    for (StoredFile f : files) {
      s.append("- [").append(escape(f.name())).append("](").append(HQ_BASE).append(f.id());
      s.append(")：").append(f.type().kind().label()).append("，").append(Attachments.size(f.size()));
      if (f.capturedAt() != null) {
        s.append("，拍摄于 ").append(f.capturedAt());
        if (f.outsideWindow()) {
          s.append(" **⚠ 不在活动时间内**");
        }
      }
      s.append('\n');
    }
    return s.toString();
  }

  private static String escape(String text) {
    return text.replaceAll("([\\\\`*_{}\\[\\]()#+!|<>])", "\\\\$1");
  }
}
