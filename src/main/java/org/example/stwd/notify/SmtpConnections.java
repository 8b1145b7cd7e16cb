package org.example.stwd.notify;

import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayDeque;
import java.util.Date;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

/**
 * Sends mail over SMTP connections that are kept open between mails. Spring's sender connects,
 * greets and quits for every mail; a batch of notices, a reminder burst or a stream of review
 * outcomes then spends more on connecting than on the mails. A connection is used by one mail at a
 * time, checked ({@code NOOP}) before it is used again, and closed when it has been idle for
 * {@link #MAX_IDLE_MILLIS} or after {@link #MAX_MAILS_PER_CONNECTION} mails. Failures are the
 * ones Spring's sender reports ({@code MailSendException}, "Mail server connection failed" when
 * the server cannot be reached), and a connection that failed is closed, never reused.
 */
@Component
public class SmtpConnections implements DisposableBean {

  static final long MAX_IDLE_MILLIS = 10_000;
  static final int MAX_MAILS_PER_CONNECTION = 500;
  static final int MAX_IDLE_CONNECTIONS = 8;

  private record Idle(Transport transport, long since, int mails) {}

  private final JavaMailSender sender;
  private final Deque<Idle> idle = new ArrayDeque<>();
  private final ScheduledExecutorService reaper = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "smtp-idle-reaper");
    t.setDaemon(true);
    return t;
  });
  private boolean closed;

  public SmtpConnections(JavaMailSender sender) {
    this.sender = sender;
    reaper.scheduleWithFixedDelay(this::closeIdle, MAX_IDLE_MILLIS, MAX_IDLE_MILLIS, TimeUnit.MILLISECONDS);
  }

  public MimeMessage createMimeMessage() {
    return sender.createMimeMessage();
  }

  /** Sends one message; throws Spring's {@code MailException}s as {@code JavaMailSender#send} does. */
  public void send(MimeMessage message) {
    if (!(sender instanceof JavaMailSenderImpl impl)) {
      sender.send(message);
      return;
    }
    Idle connection = borrow();
    Transport transport;
    int mails;
    if (connection != null) {
      transport = connection.transport();
      mails = connection.mails();
    } else {
      transport = connect(impl);
      mails = 0;
    }
    try {
      // as Spring's sender prepares a message
      if (message.getSentDate() == null) {
        message.setSentDate(new Date());
      }
      String messageId = message.getMessageID();
      message.saveChanges();
      if (messageId != null) {
        message.setHeader("Message-ID", messageId);
      }
      Address[] to = message.getAllRecipients();
      transport.sendMessage(message, to != null ? to : new Address[0]);
    } catch (MessagingException | RuntimeException e) {
      close(transport);
      throw new MailSendException(Map.<Object, Exception>of(message, e));
    }
    giveBack(new Idle(transport, System.currentTimeMillis(), mails + 1));
  }

  /** The newest idle connection that is still fresh and answers; stale ones are closed. */
  private Idle borrow() {
    while (true) {
      Idle candidate;
      synchronized (this) {
        candidate = idle.pollFirst();
      }
      if (candidate == null) {
        return null;
      }
      if (System.currentTimeMillis() - candidate.since() < MAX_IDLE_MILLIS && candidate.transport().isConnected()) {
        return candidate;
      }
      close(candidate.transport());
    }
  }

  private void giveBack(Idle connection) {
    if (connection.mails() >= MAX_MAILS_PER_CONNECTION) {
      close(connection.transport());
      return;
    }
    Idle surplus = null;
    synchronized (this) {
      if (closed) {
        surplus = connection;
      } else {
        idle.addFirst(connection);
        if (idle.size() > MAX_IDLE_CONNECTIONS) {
          surplus = idle.pollLast();
        }
      }
    }
    if (surplus != null) {
      close(surplus.transport());
    }
  }

  private static Transport connect(JavaMailSenderImpl impl) {
    try {
      Transport transport = impl.getSession().getTransport(impl.getProtocol() == null ? "smtp" : impl.getProtocol());
      String user = impl.getUsername();
      String password = impl.getPassword();
      if ("".equals(user)) {
        user = null;
        if ("".equals(password)) {
          password = null;
        }
      }
      transport.connect(impl.getHost(), impl.getPort(), user, password);
      return transport;
    } catch (AuthenticationFailedException e) {
      throw new MailAuthenticationException(e);
    } catch (MessagingException e) {
      throw new MailSendException("Mail server connection failed", e);
    }
  }

  private static void close(Transport transport) {
    try {
      transport.close();
    } catch (MessagingException | RuntimeException e) {
      // already gone
    }
  }

  /** Closes the connections that have been idle for too long (every few seconds). */
  void closeIdle() {
    long now = System.currentTimeMillis();
    Deque<Idle> stale = new ArrayDeque<>();
    synchronized (this) {
      idle.removeIf(i -> {
        if (now - i.since() >= MAX_IDLE_MILLIS) {
          stale.add(i);
          return true;
        }
        return false;
      });
    }
    stale.forEach(i -> close(i.transport()));
  }

  @Override
  public void destroy() {
    reaper.shutdownNow();
    Deque<Idle> all;
    synchronized (this) {
      closed = true;
      all = new ArrayDeque<>(idle);
      idle.clear();
    }
    all.forEach(i -> close(i.transport()));
  }
}
