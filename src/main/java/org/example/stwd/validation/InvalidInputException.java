package org.example.stwd.validation;

import java.util.List;
import org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException;

/**
 * Bad input in a start or a task completion. It extends the engine's form validation exception
 * so that the REST API answers 400 with the message, and Tasklist shows the message to the user.
 */
public class InvalidInputException extends FormFieldValidationException {

  private final List<String> problems;

  public InvalidInputException(List<String> problems) {
    super(List.copyOf(problems), "输入有误：" + String.join("；", problems));
    this.problems = List.copyOf(problems);
  }

  public InvalidInputException(String problem) {
    this(List.of(problem));
  }

  public List<String> problems() {
    return problems;
  }
}
