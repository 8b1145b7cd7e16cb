package org.example.stwd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.ExclusiveGateway;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnEdge;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * Lints bpmn/ and forms/ at build time: what Cockpit, Tasklist and the engine need of every model
 * and form, and that every bean a model names exists in the application.
 */
class ModelValidationTest extends ProcessTestSupport {

  private static final Pattern EXPRESSION_BEAN = Pattern.compile("\\$\\{(\\w+)}");

  @Autowired ApplicationContext context;

  static List<Path> files(String folder, String ending) throws IOException {
    try (Stream<Path> s = Files.list(Path.of(folder))) {
      return s.filter(p -> p.toString().endsWith(ending)).sorted().toList();
    }
  }

  static Map<String, JsonNode> forms() throws IOException {
    Map<String, JsonNode> forms = new HashMap<>();
    for (Path p : files("forms", ".form")) {
      JsonNode form = new ObjectMapper().readTree(p.toFile());
      String id = form.get("id").asText();
      assertThat(p.getFileName().toString()).as("form file name").isEqualTo(id + ".form");
      assertThat(form.get("schemaVersion").asInt()).as(id + " schemaVersion").isEqualTo(16);
      forms.put(id, form);
    }
    return forms;
  }

  @Test
  void everyModelIsComplete() throws IOException {
    List<Path> models = files("bpmn", ".bpmn");
    assertThat(models)
        .extracting(p -> p.getFileName().toString())
        .containsExactly(
            "campaign.bpmn",
            "review-outcome-mails.bpmn",
            "unit-batch.bpmn",
            "unit-plan.bpmn",
            "unit-summary.bpmn");
    Map<String, JsonNode> forms = forms();
    List<String> problems = new ArrayList<>();
    for (Path path : models) {
      BpmnModelInstance model = Bpmn.readModelFromFile(path.toFile());
      Bpmn.validateModel(model);
      String file = path.getFileName().toString();
      for (Process process : model.getModelElementsByType(Process.class)) {
        check(
            problems,
            (file).equals(process.getId() + ".bpmn"),
            file + ": process id must equal the file name");
        check(
            problems,
            process.getCamundaHistoryTimeToLiveString() != null,
            file + ": no historyTimeToLive");
        check(problems, process.isExecutable(), file + ": not executable");
      }
      for (FlowNode node : model.getModelElementsByType(FlowNode.class)) {
        check(problems, hasShape(model, node), file + ": no shape for " + node.getId());
        check(
            problems,
            node.getName() != null && !node.getName().isBlank()
                || node instanceof org.camunda.bpm.model.bpmn.instance.Gateway,
            file + ": " + node.getId() + " has no name");
      }
      for (SequenceFlow flow : model.getModelElementsByType(SequenceFlow.class)) {
        check(
            problems,
            model.getModelElementsByType(BpmnEdge.class).stream()
                .anyMatch(e -> e.getBpmnElement() == flow),
            file + ": no edge for " + flow.getId());
      }
      for (ExclusiveGateway gateway : model.getModelElementsByType(ExclusiveGateway.class)) {
        if (gateway.getOutgoing().size() > 1) {
          check(
              problems,
              gateway.getDefault() != null,
              file + ": " + gateway.getId() + " has no default flow");
          gateway
              .getOutgoing()
              .forEach(
                  f ->
                      check(
                          problems,
                          f.getName() != null,
                          file + ": flow " + f.getId() + " is not named"));
        }
      }
      for (UserTask task : model.getModelElementsByType(UserTask.class)) {
        check(
            problems,
            task.getCamundaCandidateGroups() != null,
            file + ": " + task.getId() + " has no candidate groups");
        check(
            problems,
            task.getCamundaAssignee() == null,
            file + ": " + task.getId() + " has a hard-coded assignee");
        formRef(
            problems, file, task, task.getCamundaFormRef(), task.getCamundaFormRefBinding(), forms);
      }
      for (StartEvent start : model.getModelElementsByType(StartEvent.class)) {
        if (start.getParentElement() instanceof Process && file.equals("campaign.bpmn")) {
          formRef(
              problems,
              file,
              start,
              start.getCamundaFormRef(),
              start.getCamundaFormRefBinding(),
              forms);
        }
      }
      String xml = Files.readString(path);
      check(
          problems,
          !xml.contains("camunda:class="),
          file + ": uses camunda:class instead of delegateExpression");
      Matcher m = Pattern.compile("delegateExpression=\"([^\"]+)\"").matcher(xml);
      while (m.find()) {
        Matcher bean = EXPRESSION_BEAN.matcher(m.group(1));
        check(
            problems,
            bean.matches() && context.containsBean(bean.group(1)),
            file + ": no bean for " + m.group(1));
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void everyFormIsUsedAndHasUniqueComponentIds() throws IOException {
    Map<String, JsonNode> forms = forms();
    String models =
        String.join(
            "\n",
            files("bpmn", ".bpmn").stream()
                .map(
                    p -> {
                      try {
                        return Files.readString(p);
                      } catch (IOException e) {
                        throw new IllegalStateException(e);
                      }
                    })
                .toList());
    for (Map.Entry<String, JsonNode> form : forms.entrySet()) {
      assertThat(models)
          .as("form " + form.getKey() + " is referenced")
          .contains("camunda:formRef=\"" + form.getKey() + "\"");
      List<String> ids = new ArrayList<>();
      collectIds(form.getValue().get("components"), ids);
      // a display component inside a dynamic list leaves an empty entry in form-js's error map,
      // and Tasklist 7.24 then keeps the Complete button disabled for good
      assertThat(displayInsideDynamicList(form.getValue().get("components"), false))
          .as(form.getKey() + " has text/html inside a dynamiclist")
          .isEmpty();
      assertThat(ids).as(form.getKey() + " component ids").doesNotHaveDuplicates();
    }
  }

  @Test
  void deploymentIsStableAcrossRestarts() {
    long before = repository.createDeploymentQuery().deploymentName("stwd-campaign").count();
    org.example.stwd.engine.ProcessDeployer.deploy(engine);
    assertThat(repository.createDeploymentQuery().deploymentName("stwd-campaign").count())
        .isEqualTo(before);
    assertThat(
            repository.getDeploymentResourceNames(
                repository
                    .createDeploymentQuery()
                    .deploymentName("stwd-campaign")
                    .singleResult()
                    .getId()))
        .contains(
            "bpmn/campaign.bpmn",
            "bpmn/unit-plan.bpmn",
            "bpmn/unit-summary.bpmn",
            "forms/submit-plan.form",
            "forms/register-notice.form");
  }

  private static List<String> displayInsideDynamicList(JsonNode components, boolean inList) {
    List<String> found = new ArrayList<>();
    if (components == null) {
      return found;
    }
    for (JsonNode c : components) {
      String type = c.get("type").asText();
      if (inList && (type.equals("text") || type.equals("html"))) {
        found.add(c.get("id").asText());
      }
      found.addAll(
          displayInsideDynamicList(c.get("components"), inList || type.equals("dynamiclist")));
    }
    return found;
  }

  private static void collectIds(JsonNode components, List<String> ids) {
    if (components == null) {
      return;
    }
    for (JsonNode c : components) {
      ids.add(c.get("id").asText());
      collectIds(c.get("components"), ids);
    }
  }

  private static void formRef(
      List<String> problems,
      String file,
      BaseElement element,
      String ref,
      String binding,
      Map<String, JsonNode> forms) {
    check(
        problems,
        ref != null && forms.containsKey(ref),
        file + ": " + element.getId() + " refers to missing form " + ref);
    check(
        problems,
        "deployment".equals(binding),
        file + ": " + element.getId() + " form binding is not 'deployment'");
  }

  private static boolean hasShape(BpmnModelInstance model, FlowNode node) {
    return model.getModelElementsByType(BpmnShape.class).stream()
        .anyMatch(s -> s.getBpmnElement() == node);
  }

  private static void check(List<String> problems, boolean condition, String problem) {
    if (!condition) {
      problems.add(problem);
    }
  }
}
