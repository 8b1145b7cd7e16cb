package org.example.stwd.web;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonMappingException;
import jakarta.ws.rs.WebApplicationException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.TaskAlreadyClaimedException;
import org.camunda.bpm.engine.exception.NullValueException;
import org.camunda.bpm.engine.rest.exception.RestException;
import org.example.stwd.validation.InvalidInputException;
import org.example.stwd.validation.Refusal;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * What a user is told when a request fails, whatever door it came through (the engine's REST, the
 * webapps' API, the application's own API): an HTTP status and a Chinese message that says what
 * happened. Engine, Jersey and Jackson texts stay in the log. Only a real fault is a 500.
 */
public final class UserErrors {

  private static final Pattern CHINESE = Pattern.compile("[\\u4e00-\\u9fff]");

  /**
   * The answer to a failed request. {@code fault}: not the user's doing (logged with its stack
   * trace).
   */
  public record UserError(
      int status, String type, String message, List<String> problems, boolean fault) {

    public Map<String, Object> body() {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("type", type);
      body.put("message", message);
      body.put("problems", problems);
      return body;
    }
  }

  private UserErrors() {}

  /** What happened, by status, as the unit page and HQ's pages name it (never a class name). */
  public static String kind(int status) {
    return switch (status) {
      case 400 -> "InvalidInput";
      case 403 -> "Forbidden";
      case 404 -> "NotFound";
      case 409 -> "Conflict";
      case 503 -> "Unavailable";
      default -> "Fault";
    };
  }

  public static UserError of(Throwable error) {
    // bad input first: it may be wrapped in anything
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof InvalidInputException invalid) {
        return new UserError(
            400, "InvalidInputException", invalid.getMessage(), invalid.problems(), false);
      }
    }
    for (Throwable t = error; t != null; t = t.getCause()) {
      UserError known = known(t);
      if (known != null) {
        return known;
      }
    }
    Integer status = statusOf(error);
    if (status != null && status < 500) {
      return byStatus(status);
    }
    return fault();
  }

  /** The answer to a fault of the system (a 500): the user is told it was logged. */
  public static UserError fault() {
    return new UserError(
        500, "ServerError", "服务器内部错误，已记录在日志中。请稍后重试；如仍出错，请联系系统管理员。", List.of(), true);
  }

  /** An error as one log line: its type and the first line of its message. */
  public static String firstLine(Throwable error) {
    String message = String.valueOf(error.getMessage());
    int newline = message.indexOf('\n');
    return error.getClass().getSimpleName()
        + ": "
        + (newline < 0 ? message : message.substring(0, newline));
  }

  /**
   * Whether the error is one a user can run into (and is told about), not a fault of the system.
   */
  public static boolean isUsersDoing(Throwable error) {
    UserError e = of(error);
    return !e.fault() && e.status() != 503;
  }

  private static UserError known(Throwable t) {
    if (t instanceof TransactionSystemException rollback
        && rollback.getApplicationException() != null) {
      // the rollback failed too (the database went away mid-transaction): what happened first
      UserError first = of(rollback.getApplicationException());
      return first.fault() ? null : first;
    }
    if (t instanceof Refusal refusal) {
      int status =
          switch (refusal.reason()) {
            case INVALID -> 400;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case TOO_LARGE -> 413;
          };
      return new UserError(status, kind(status), refusal.getMessage(), refusal.problems(), false);
    }
    if (t instanceof AuthorizationException denied) {
      String message =
          chinese(denied.getMessage())
              ? denied.getMessage()
              : "您没有权限执行此操作" + resources(denied) + "。";
      return refused(403, "AuthorizationException", message);
    }
    if (t instanceof TaskAlreadyClaimedException) {
      return refused(409, "TaskAlreadyClaimed", "该任务已被他人认领，不能再认领。请刷新任务列表。");
    }
    if (t instanceof OptimisticLockingException) {
      return refused(409, "Conflict", "该任务或数据刚被他人修改（例如同事已办理了该任务），您的操作未执行。请刷新后再试。");
    }
    if (t instanceof NullValueException missing) {
      String message = String.valueOf(missing.getMessage());
      if (message.startsWith("Cannot find task") || message.contains("task is null")) {
        return refused(404, "NotFound", "该任务不存在或已办理完毕（可能已由他人办理），您的操作未执行。请刷新任务列表。");
      }
      if (message.startsWith("Cannot find") || message.contains("is null")) {
        return refused(404, "NotFound", "请求的对象不存在或已被删除。");
      }
    }
    if (t instanceof JsonParseException) {
      return refused(400, "InvalidRequest", "请求内容不是有效的 JSON。");
    }
    if (t instanceof JsonMappingException) {
      return refused(400, "InvalidRequest", "请求内容的结构不正确：应为 JSON 对象，各字段的类型须与接口说明一致。");
    }
    if (t.getClass().getName().startsWith("org.camunda.spin.json.")) {
      return refused(400, "InvalidRequest", "提交的某个 JSON 值格式无效。");
    }
    if (t instanceof BadUserRequestException bad) {
      return refused(
          400, "InvalidRequest", chinese(bad.getMessage()) ? bad.getMessage() : "请求无效，请检查提交的内容。");
    }
    if (t instanceof CannotCreateTransactionException
        || t instanceof DataAccessResourceFailureException
        || t instanceof SQLTransientConnectionException
        || t instanceof SQLException sql
            && sql.getSQLState() != null
            && sql.getSQLState().startsWith("08")) {
      return new UserError(503, "Unavailable", "数据库暂时无法访问，您的操作未执行。请稍后重试。", List.of(), false);
    }
    return null;
  }

  private static Integer statusOf(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof RestException rest && rest.getStatus() != null) {
        return rest.getStatus().getStatusCode();
      }
      if (t instanceof WebApplicationException web && web.getResponse() != null) {
        return web.getResponse().getStatus();
      }
    }
    return null;
  }

  public static UserError byStatus(int status) {
    return switch (status) {
      case 400 -> refused(400, "InvalidRequest", "请求无效，请检查提交的内容。");
      case 401 -> refused(401, "Unauthorized", "请先登录。");
      case 403 -> refused(403, "Forbidden", "您没有权限执行此操作。");
      case 404 -> refused(404, "NotFound", "请求的对象或接口不存在。");
      case 405 -> refused(405, "MethodNotAllowed", "该接口不支持此请求方法。");
      case 406 -> refused(406, "NotAcceptable", "无法按请求的格式返回内容。");
      case 409 -> refused(409, "Conflict", "数据冲突，您的操作未执行。请刷新后再试。");
      case 413 -> refused(413, "PayloadTooLarge", "提交的内容太大。");
      case 415 ->
          refused(415, "UnsupportedMediaType", "请以 JSON 格式提交（Content-Type: application/json）。");
      default -> refused(status, "InvalidRequest", "请求无法处理（HTTP " + status + "）。");
    };
  }

  private static UserError refused(int status, String type, String message) {
    return new UserError(status, type, message, List.of(), false);
  }

  private static boolean chinese(String message) {
    return message != null && CHINESE.matcher(message).find();
  }

  private static String resources(AuthorizationException denied) {
    List<String> names =
        denied.getMissingAuthorizations().stream()
            .map(m -> resourceName(m.getResourceType()))
            .distinct()
            .toList();
    return names.isEmpty() ? "" : "（涉及" + String.join("、", names) + "）";
  }

  private static String resourceName(String type) {
    if (type == null) {
      return "资源";
    }
    return switch (type) {
      case "Task" -> "任务";
      case "ProcessInstance" -> "流程实例";
      case "ProcessDefinition" -> "流程定义";
      case "Deployment" -> "部署";
      case "User" -> "用户";
      case "Group" -> "用户组";
      case "Authorization" -> "授权";
      case "Filter" -> "任务过滤器";
      case "Batch" -> "批处理";
      case "HistoricProcessInstance", "HistoricTask" -> "历史记录";
      default -> "资源";
    };
  }
}
