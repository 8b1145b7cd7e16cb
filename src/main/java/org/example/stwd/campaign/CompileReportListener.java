package org.example.stwd.campaign;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.example.stwd.support.JsonValues;
import org.example.stwd.validation.FormInput;
import org.springframework.stereotype.Component;

/**
 * Completion of 编制上报总结报告 (compile-report): the report's title and text and the featured photos HQ
 * picked from the approved summaries (only photos offered in {@code featuredPhotoOptions}); the
 * report lists them by name for the leaders' approval ({@code reportFeaturedPhotosText}). A new
 * draft gets a fresh approval.
 */
@Component("compileReportListener")
public class CompileReportListener implements TaskListener {

  /** The most photos a report features. */
  static final int MAX_FEATURED_PHOTOS = 30;

  @Override
  public void notify(DelegateTask task) {
    FormInput in = FormInput.of(task);
    in.requiredText("reportTitle", "报告标题", 200);
    in.requiredLines("reportText", "报告正文", 10000);
    in.optionalLines("reportAttachmentLinks", "附件链接", 2000);
    List<String> picked = in.stringList("featuredPhotoIds", "精选照片");
    Map<String, String> offered = new LinkedHashMap<>();
    List<Object> options = JsonValues.toList(task.getVariable("featuredPhotoOptions"));
    for (Object o : options == null ? List.of() : options) {
      if (o instanceof Map<?, ?> option) {
        offered.put(String.valueOf(option.get("value")), String.valueOf(option.get("label")));
      }
    }
    in.check(picked.size() <= MAX_FEATURED_PHOTOS, "精选照片最多 " + MAX_FEATURED_PHOTOS + " 张");
    in.check(offered.keySet().containsAll(picked), "所选精选照片中有不属于已通过总结的照片");
    in.throwIfInvalid();
    task.setVariable(
        "reportFeaturedPhotosText",
        picked.isEmpty()
            ? null
            : String.join("\n", picked.stream().map(id -> "- " + offered.get(id)).toList()));
    task.removeVariable("reportDecision");
    task.removeVariable("reportComment");
  }
}
