package org.example.stwd.validation;

import java.util.List;
import org.camunda.bpm.engine.BadUserRequestException;

/**
 * Bad input in a start or a task completion, with every problem in Chinese. A bad user request to
 * the engine: every door answers 400 with the message (web/UserErrors), Tasklist shows it.
 */
public class InvalidInputException extends BadUserRequestException {

  private final List<String> problems;

  public InvalidInputException(List<String> problems) {
    super("输入有误：" + String.join("；", problems));
    this.problems = List.copyOf(problems);
  }

  public InvalidInputException(String problem) {
    this(List.of(problem));
  }

  public List<String> problems() {
    return problems;
  }
}
