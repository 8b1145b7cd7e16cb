package org.example.stwd.notify;

import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Date;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

/**
 * Sends mail over SMTP connections that are kept open between mails. Spring's sender connects,
 * greets and quits for every mail; a batch of notices, a reminder burst or a stream of review
 * outcomes then spends more on connecting than on the mails. A connection is used by one mail at a
 * time, checked ({@code NOOP}) before it is used again, and closed when it has been idle for {@link
 * #MAX_IDLE_MILLIS} or after {@link #MAX_MAILS_PER_CONNECTION} mails. Failures are the ones
 * Spring's sender reports ({@code MailSendException}, "Mail server connection failed" when the
 * server cannot be reached), and a connection that failed is closed, never reused. When a kept
 * connection fails before the server could have taken the mail, the mail goes once more over a new
 * connection, as Spring's sender would have sent it.
 */
@Component
public class SmtpConnections implements DisposableBean {

  static final long MAX_IDLE_MILLIS = 10_000;

  /** Exchange's receive connectors take 20 mails per session by default. */
  static final int MAX_MAILS_PER_CONNECTION = 20;

  static final int MAX_IDLE_CONNECTIONS = 8;

  private record Idle(Transport transport, long since, int mails) {}

  private final JavaMailSender sender;
  private final Deque<Idle> idle = new ArrayDeque<>();
  private final ScheduledExecutorService reaper =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "smtp-idle-reaper");
            t.setDaemon(true);
            return t;
          });
  private boolean closed;

  public SmtpConnections(JavaMailSender sender) {
    this.sender = sender;
    reaper.scheduleWithFixedDelay(
        this::closeIdle, MAX_IDLE_MILLIS, MAX_IDLE_MILLIS, TimeUnit.MILLISECONDS);
  }

  public MimeMessage createMimeMessage() {
    return sender.createMimeMessage();
  }

  /**
   * Sends one message; throws Spring's {@code MailException}s as {@code JavaMailSender#send} does.
   */
  public void send(MimeMessage message) {
    if (!(sender instanceof JavaMailSenderImpl impl)) {
      sender.send(message);
      return;
    }
    prepare(message);
    Idle kept = borrow();
    if (kept != null) {
      try {
        sendOver(kept.transport(), message);
        giveBack(new Idle(kept.transport(), System.currentTimeMillis(), kept.mails() + 1));
        return;
      } catch (MessagingException | RuntimeException e) {
        close(kept.transport());
        if (!refusedBeforeTheMail(e)) {
          throw failed(message, e);
        }
        // the server ended the kept session before it took anything (a per-session limit, or it
        // dropped the connection after the check): once more over a new connection
      }
    }
    Transport fresh = connect(impl, message);
    try {
      sendOver(fresh, message);
    } catch (MessagingException | RuntimeException e) {
      close(fresh);
      throw failed(message, e);
    }
    giveBack(new Idle(fresh, System.currentTimeMillis(), 1));
  }

  /** As Spring's sender prepares a message. */
  private static void prepare(MimeMessage message) {
    try {
      if (message.getSentDate() == null) {
        message.setSentDate(new Date());
      }
      String messageId = message.getMessageID();
      message.saveChanges();
      if (messageId != null) {
        message.setHeader("Message-ID", messageId);
      }
    } catch (MessagingException e) {
      throw new MailPreparationException(e);
    }
  }

  private static void sendOver(Transport transport, MimeMessage message) throws MessagingException {
    Address[] to = message.getAllRecipients();
    transport.sendMessage(message, to != null ? to : new Address[0]);
  }

  /**
   * Whether a failure on a kept connection happened before the server could have taken the mail: it
   * refused the sender ({@code MAIL FROM}), or a command could not even be written. A mail is never
   * sent again when the failure came later (its data, or the answer to it).
   */
  static boolean refusedBeforeTheMail(Exception e) {
    if (e instanceof SMTPSenderFailedException) {
      return true;
    }
    return e instanceof MessagingException m
        && m.getNextException() instanceof IOException
        && m.getMessage() != null
        && m.getMessage().startsWith("Can't send command to SMTP host");
  }

  private static MailSendException failed(MimeMessage message, Exception e) {
    return new MailSendException(Map.<Object, Exception>of(message, e));
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
      if (System.currentTimeMillis() - candidate.since() < MAX_IDLE_MILLIS
          && candidate.transport().isConnected()) {
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

  /** Connects as Spring's sender does, and fails as it does when it cannot. */
  private static Transport connect(JavaMailSenderImpl impl, MimeMessage message) {
    try {
      String protocol = impl.getProtocol();
      if (protocol == null) {
        protocol = impl.getSession().getProperty("mail.transport.protocol");
      }
      Transport transport = impl.getSession().getTransport(protocol == null ? "smtp" : protocol);
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
    } catch (Exception e) {
      throw new MailSendException(
          "Mail server connection failed", e, Map.<Object, Exception>of(message, e));
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
      idle.removeIf(
          i -> {
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
