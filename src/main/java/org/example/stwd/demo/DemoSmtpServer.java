package org.example.stwd.demo;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The demo profile's SMTP sink: an embedded GreenMail server on 127.0.0.1 that accepts every mail
 * the application sends, so a local run really sends mail and a person can read it at
 * /demo/mails (newest last). Not present outside the demo profile.
 */
@Component
@RestController
@ConditionalOnExpression("${stwd.demo.enabled:false} and ${stwd.demo.smtp-port:0} > 0")
public class DemoSmtpServer implements AutoCloseable {

  private final GreenMail greenMail;

  public DemoSmtpServer(DemoProperties properties) {
    greenMail = new GreenMail(new ServerSetup(properties.smtpPort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    greenMail.start();
  }

  @GetMapping(value = "/demo/mails", produces = "application/json;charset=UTF-8")
  public List<Map<String, String>> mails() throws Exception {
    List<Map<String, String>> result = new ArrayList<>();
    for (MimeMessage m : greenMail.getReceivedMessages()) {
      result.add(Map.of(
          "to", String.join(", ", java.util.Arrays.stream(m.getAllRecipients()).map(Object::toString).toList()),
          "subject", m.getSubject(),
          "sent", String.valueOf(m.getSentDate()),
          "text", String.valueOf(m.getContent())));
    }
    return result;
  }

  @Override
  public void close() {
    greenMail.stop();
  }
}
