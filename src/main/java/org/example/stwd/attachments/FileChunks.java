package org.example.stwd.attachments;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The bytes of stored files, in this application's database ({@code stwd_file_chunk}, ADR 0011):
 * written and read one chunk of {@value #CHUNK} bytes at a time, so that a 50 MB video costs the
 * server half a megabyte of memory whichever way it goes. Writes join the caller's transaction: a
 * failed or interrupted upload leaves no chunk behind.
 */
@Repository
public class FileChunks {

  static final int CHUNK = 512 * 1024;

  /** What was written: size, SHA-256, chunk count and the first bytes (for the type). */
  public record Written(long size, String sha256, int chunks, byte[] head, int headLength) {}

  /** More bytes came than allowed; nothing is kept when the caller's transaction rolls back. */
  public static class TooLarge extends IOException {
    TooLarge() {
      super("too large");
    }
  }

  private final JdbcTemplate jdbc;

  public FileChunks(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Streams {@code in} into chunks of {@code fileId}; more than {@code limit} bytes: TooLarge. */
  public Written write(String fileId, InputStream in, long limit) throws IOException {
    MessageDigest sha = sha256();
    byte[] head = new byte[FileType.HEAD];
    int headLength = 0;
    long size = 0;
    int seq = 0;
    byte[] buffer = new byte[CHUNK];
    while (true) {
      int filled = in.readNBytes(buffer, 0, CHUNK);
      if (filled == 0) {
        break;
      }
      size += filled;
      if (size > limit) {
        throw new TooLarge();
      }
      if (headLength < head.length) {
        int n = Math.min(head.length - headLength, filled);
        System.arraycopy(buffer, 0, head, headLength, n);
        headLength += n;
      }
      sha.update(buffer, 0, filled);
      byte[] chunk = filled == CHUNK ? buffer : java.util.Arrays.copyOf(buffer, filled);
      jdbc.update(
          "INSERT INTO stwd_file_chunk (file_id, seq, data) VALUES (?, ?, ?)",
          fileId,
          seq++,
          chunk);
      if (filled < CHUNK) {
        break;
      }
    }
    return new Written(size, HexFormat.of().formatHex(sha.digest()), seq, head, headLength);
  }

  /** The file's bytes, read one chunk at a time as the stream is consumed. */
  public InputStream open(String fileId, int chunks) {
    return new InputStream() {
      private int seq = 0;
      private byte[] current = new byte[0];
      private int pos = 0;

      private boolean fill() {
        while (pos >= current.length) {
          if (seq >= chunks) {
            return false;
          }
          current =
              jdbc.queryForObject(
                  "SELECT data FROM stwd_file_chunk WHERE file_id = ? AND seq = ?",
                  byte[].class,
                  fileId,
                  seq++);
          pos = 0;
        }
        return true;
      }

      @Override
      public int read() {
        return fill() ? current[pos++] & 0xFF : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (len == 0) {
          return 0;
        }
        if (!fill()) {
          return -1;
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        return n;
      }
    };
  }

  /** Copies the file to {@code out}, chunk by chunk. */
  public void copy(String fileId, int chunks, OutputStream out) throws IOException {
    try (InputStream in = open(fileId, chunks)) {
      in.transferTo(out);
    }
  }

  public void delete(String fileId) {
    jdbc.update("DELETE FROM stwd_file_chunk WHERE file_id = ?", fileId);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
