package org.example.stwd.attachments;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Sends a stored file: its type is the one detected from its content (never what the uploader
 * said), images and PDF are shown in place and everything else is downloaded, the browser may not
 * sniff another type, and a file can run no script of this site (no HTML, no SVG is ever accepted;
 * the sandbox policy keeps it so).
 */
public final class FileResponses {

  private FileResponses() {}

  public static void send(StoredFile file, InputStream content, HttpServletResponse response)
      throws IOException {
    headers(response, file.type().contentType());
    response.setHeader(
        "Content-Disposition",
        disposition(file.type().inline() ? "inline" : "attachment", file.downloadName()));
    response.setContentLengthLong(file.size());
    response.setHeader("ETag", "\"" + file.sha256() + "\"");
    try (InputStream in = content;
        OutputStream out = response.getOutputStream()) {
      in.transferTo(out);
    }
  }

  public static void thumbnail(byte[] jpeg, HttpServletResponse response) throws IOException {
    headers(response, "image/jpeg");
    response.setHeader("Content-Disposition", "inline");
    response.setContentLength(jpeg.length);
    response.getOutputStream().write(jpeg);
  }

  private static void headers(HttpServletResponse response, String contentType) {
    response.setContentType(contentType);
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Cache-Control", "private, max-age=3600");
    if (!contentType.equals("application/pdf")) {
      response.setHeader("Content-Security-Policy", "default-src 'none'; sandbox");
    }
  }

  /** {@code attachment; filename="ascii"; filename*=UTF-8''…}: Chinese names survive. */
  public static String disposition(String type, String name) {
    String ascii = name.replaceAll("[^\\x20-\\x7E]", "_").replace("\"", "_").replace("\\", "_");
    return type
        + "; filename=\""
        + ascii
        + "\"; filename*=UTF-8''"
        + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
