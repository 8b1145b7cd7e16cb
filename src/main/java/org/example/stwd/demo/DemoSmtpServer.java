package org.example.stwd.demo;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.example.stwd.support.MimeParts;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.util.HtmlUtils;

/**
 * The demo profile's SMTP sink: an embedded GreenMail server on 127.0.0.1 that accepts every mail
 * the application sends, so a local run really sends mail and a person can read it: the inbox at
 * /demo/mails (newest first), each mail as its recipients see it at /demo/mails/{n}, and the same
 * as JSON at /demo/mails.json. Not present outside the demo profile.
 */
@Component
@RestController
@ConditionalOnExpression("${stwd.demo.enabled:false} and ${stwd.demo.smtp-port:0} > 0")
public class DemoSmtpServer implements AutoCloseable {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.of("Asia/Shanghai"));

  private final GreenMail greenMail;

  public DemoSmtpServer(DemoProperties properties) {
    greenMail =
        new GreenMail(
            new ServerSetup(properties.smtpPort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    greenMail.start();
  }

  /**
   * Every message once (GreenMail keeps one copy per recipient, mailbox by mailbox), oldest first.
   */
  private List<MimeMessage> messages() throws Exception {
    List<MimeMessage> result = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (MimeMessage m : greenMail.getReceivedMessages()) {
      if (seen.add(m.getMessageID())) {
        result.add(m);
      }
    }
    result.sort(java.util.Comparator.comparing(DemoSmtpServer::sent));
    return result;
  }

  @GetMapping(value = "/demo/mails", produces = "text/html;charset=UTF-8")
  public String inbox() throws Exception {
    List<MimeMessage> all = messages();
    StringBuilder html =
        new StringBuilder(
            "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"UTF-8\"><title>演示邮箱</title>"
                + "<style>body{font-family:sans-serif;margin:24px;color:#1f2937}table{border-collapse:collapse;width:100%}"
                + "td,th{border-bottom:1px solid #e5e7eb;padding:6px 8px;text-align:left;font-size:14px}td:nth-child(2),td:last-child{white-space:nowrap}th{background:#f9fafb}</style></head><body>"
                + "<h1 style=\"font-size:20px\">演示邮箱：本地运行发出的全部邮件（共 "
                + all.size()
                + " 封，最新的在前）</h1><table>"
                + "<tr><th>#</th><th>时间</th><th>收件人</th><th>主题</th><th></th></tr>");
    for (int i = all.size() - 1; i >= 0; i--) {
      MimeMessage m = all.get(i);
      html.append("<tr><td>")
          .append(i + 1)
          .append("</td><td>")
          .append(TIME.format(m.getSentDate().toInstant()))
          .append("</td><td>")
          .append(HtmlUtils.htmlEscape(recipients(m)))
          .append("</td><td><a href=\"/demo/mails/")
          .append(i + 1)
          .append("\">")
          .append(HtmlUtils.htmlEscape(m.getSubject()))
          .append("</a></td><td><a href=\"/demo/mails/")
          .append(i + 1)
          .append(".txt\">纯文本</a></td></tr>");
    }
    return html.append("</table></body></html>").toString();
  }

  @GetMapping(value = "/demo/mails/{n:\\d+}", produces = "text/html;charset=UTF-8")
  public String html(@PathVariable int n) throws Exception {
    return MimeParts.find(message(n), "text/html");
  }

  @GetMapping(value = "/demo/mails/{n:\\d+}.txt", produces = "text/plain;charset=UTF-8")
  public String text(@PathVariable int n) throws Exception {
    return MimeParts.find(message(n), "text/plain");
  }

  @GetMapping(value = "/demo/mails.json", produces = "application/json;charset=UTF-8")
  public List<Map<String, String>> json() throws Exception {
    List<Map<String, String>> result = new ArrayList<>();
    for (MimeMessage m : messages()) {
      Map<String, String> item = new LinkedHashMap<>();
      item.put("to", recipients(m));
      item.put("subject", m.getSubject());
      item.put("sent", TIME.format(m.getSentDate().toInstant()));
      item.put("text", MimeParts.find(m, "text/plain"));
      result.add(item);
    }
    return result;
  }

  private static java.util.Date sent(MimeMessage m) {
    try {
      return m.getSentDate();
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  private MimeMessage message(int n) throws Exception {
    List<MimeMessage> all = messages();
    if (n < 1 || n > all.size()) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, "没有第 " + n + " 封邮件");
    }
    return all.get(n - 1);
  }

  private static String recipients(MimeMessage m) throws Exception {
    return String.join(", ", Arrays.stream(m.getAllRecipients()).map(Object::toString).toList());
  }

  @Override
  public void close() {
    greenMail.stop();
  }
}
