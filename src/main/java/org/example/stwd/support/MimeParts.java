package org.example.stwd.support;

import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import java.io.IOException;

/** Reads the parts of a sent mail: the plain-text or the HTML body of a multipart message. */
public final class MimeParts {

  private MimeParts() {}

  /** The first part of the given type ("text/plain", "text/html") as text, or null. */
  public static String find(Part part, String type) {
    try {
      if (part.isMimeType(type)) {
        return (String) part.getContent();
      }
      if (part.getContent() instanceof Multipart multipart) {
        for (int i = 0; i < multipart.getCount(); i++) {
          String found = find(multipart.getBodyPart(i), type);
          if (found != null) {
            return found;
          }
        }
      }
      return null;
    } catch (MessagingException | IOException e) {
      throw new IllegalStateException("Cannot read the mail", e);
    }
  }
}
