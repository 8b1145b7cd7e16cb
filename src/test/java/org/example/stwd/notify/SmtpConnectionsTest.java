package org.example.stwd.notify;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import java.io.IOException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.junit.jupiter.api.Test;

class SmtpConnectionsTest {

  @Test
  void aMailGoesAgainOnlyWhenTheKeptSessionFailedBeforeTheServerCouldHaveTakenIt()
      throws Exception {
    InternetAddress from = new InternetAddress("stwd-noreply@example.org");
    // refused at MAIL FROM (a per-session limit), or a command that could not be written
    assertThat(
            SmtpConnections.refusedBeforeTheMail(
                new SMTPSenderFailedException(
                    from, "MAIL FROM:<stwd-noreply@example.org>", 421, "421 too many messages")))
        .isTrue();
    assertThat(
            SmtpConnections.refusedBeforeTheMail(
                new MessagingException(
                    "Can't send command to SMTP host", new IOException("Broken pipe"))))
        .isTrue();
    // later: the data, or the answer to it, may have reached the server; a refused recipient is
    // final
    assertThat(
            SmtpConnections.refusedBeforeTheMail(
                new MessagingException("Exception reading response", new IOException("reset"))))
        .isFalse();
    assertThat(
            SmtpConnections.refusedBeforeTheMail(
                new MessagingException(
                    "IOException while sending message", new IOException("reset"))))
        .isFalse();
    assertThat(
            SmtpConnections.refusedBeforeTheMail(
                new SMTPSendFailedException(".", 451, "451 try later", null, null, null, null)))
        .isFalse();
    assertThat(SmtpConnections.refusedBeforeTheMail(new SendFailedException("Invalid Addresses")))
        .isFalse();
    assertThat(
            SmtpConnections.refusedBeforeTheMail(
                new IllegalStateException("Can't send command to SMTP host")))
        .isFalse();
  }
}
