package org.example.stwd.attachments;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;

/** Files the tests make themselves: photos with EXIF data, a PDF, disguised files. */
public final class TestFiles {

  private TestFiles() {}

  /** A JPEG photo of the given size, with an EXIF orientation and capture time when not null. */
  public static byte[] jpeg(int width, int height, Integer orientation, String capturedAt) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(new Color(0x2f6fb0));
    g.fillRect(0, 0, width, height);
    g.setColor(Color.ORANGE);
    g.fillRect(0, 0, width / 4, height / 4);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "jpg", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] plain = out.toByteArray();
    if (orientation == null && capturedAt == null) {
      return plain;
    }
    byte[] app1 = exif(orientation == null ? 1 : orientation, capturedAt);
    ByteArrayOutputStream with = new ByteArrayOutputStream();
    with.write(plain, 0, 2); // SOI
    with.writeBytes(app1);
    with.write(plain, 2, plain.length - 2);
    return with.toByteArray();
  }

  /** An APP1 segment: IFD0 with the orientation and a pointer to the EXIF IFD with the time. */
  private static byte[] exif(int orientation, String capturedAt) {
    String time = capturedAt == null ? "2000:01:01 00:00:00" : capturedAt;
    ByteBuffer tiff = ByteBuffer.allocate(76);
    tiff.put("MM".getBytes(StandardCharsets.US_ASCII)).putShort((short) 42).putInt(8);
    tiff.putShort((short) 2);
    tiff.putShort((short) 0x0112)
        .putShort((short) 3)
        .putInt(1)
        .putShort((short) orientation)
        .putShort((short) 0);
    tiff.putShort((short) 0x8769).putShort((short) 4).putInt(1).putInt(38);
    tiff.putInt(0);
    tiff.putShort((short) 1);
    tiff.putShort((short) 0x9003).putShort((short) 2).putInt(20).putInt(56);
    tiff.putInt(0);
    tiff.put((time + "\0").getBytes(StandardCharsets.US_ASCII));
    byte[] body = new byte[tiff.position()];
    tiff.flip();
    tiff.get(body);
    ByteArrayOutputStream segment = new ByteArrayOutputStream();
    int length = 2 + 6 + body.length;
    segment.write(0xFF);
    segment.write(0xE1);
    segment.write(length >> 8);
    segment.write(length & 0xFF);
    segment.writeBytes("Exif\0\0".getBytes(StandardCharsets.US_ASCII));
    segment.writeBytes(body);
    return segment.toByteArray();
  }

  /** A small valid PDF with one empty page. */
  public static byte[] pdf() {
    String text =
        "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
            + "2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
            + "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
            + "trailer<</Root 1 0 R>>\n%%EOF\n";
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  /** A web page: what a photo must never turn out to be. */
  public static byte[] html() {
    return "<html><body><script>alert(document.cookie)</script></body></html>"
        .getBytes(StandardCharsets.UTF_8);
  }

  /** {@code size} bytes that start like a PDF. */
  public static byte[] bigPdf(int size) {
    byte[] bytes = new byte[size];
    byte[] head = pdf();
    System.arraycopy(head, 0, bytes, 0, head.length);
    for (int i = head.length; i < size; i++) {
      bytes[i] = (byte) ('a' + i % 26);
    }
    return bytes;
  }
}
