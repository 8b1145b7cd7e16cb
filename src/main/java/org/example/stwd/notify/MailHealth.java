package org.example.stwd.notify;

import jakarta.mail.MessagingException;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

/**
 * The health component {@code mail}: whether the SMTP server answers. A mail server that is away
 * does not take a node out of service: mail waits in its jobs' retries (and HQ's "retry now"),
 * while the node serves everything else. So an unreachable server is {@link #UNREACHABLE}, a status
 * that Spring Boot leaves out of the aggregate (it is not in {@code
 * management.endpoint.health.status .order}): {@code /actuator/health} and its readiness group stay
 * UP and answer 200, and the component shows the problem. Replaces Spring Boot's {@code
 * mailHealthIndicator}, which reports DOWN and made every node 503 during an SMTP outage.
 */
@Component("mailHealthIndicator")
public class MailHealth implements HealthIndicator {

  /** The SMTP server does not answer (shown, not aggregated). */
  public static final Status UNREACHABLE = new Status("UNREACHABLE", "邮件服务器无法连接，邮件等待重试");

  private final JavaMailSender sender;

  public MailHealth(JavaMailSender sender) {
    this.sender = sender;
  }

  @Override
  public Health health() {
    if (!(sender instanceof JavaMailSenderImpl smtp)) {
      return Health.unknown().build();
    }
    try {
      smtp.testConnection();
      return Health.up().build();
    } catch (MessagingException e) {
      return Health.status(UNREACHABLE).build();
    }
  }
}
