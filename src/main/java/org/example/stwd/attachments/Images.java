package org.example.stwd.attachments;

import com.drew.imaging.ImageMetadataReader;
import com.drew.imaging.ImageProcessingException;
import com.drew.metadata.Metadata;
import com.drew.metadata.MetadataException;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifSubIFDDirectory;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Date;
import java.util.Iterator;
import java.util.TimeZone;
import java.util.function.Supplier;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the server reads from a photo: the capture date and orientation from its EXIF data, and a
 * small JPEG thumbnail drawn upright. The photo is decoded at a reduced resolution (subsampled
 * while reading), so a 12-megapixel photo costs a few megabytes, not fifty. A photo the server
 * cannot read (HEIC, CMYK JPEG, damaged) simply has no thumbnail: it is still accepted.
 */
final class Images {

  private static final Logger LOG = LoggerFactory.getLogger(Images.class);

  /** The longest side of a thumbnail, in pixels. */
  static final int THUMBNAIL = 320;

  /** Capture date (in the society's zone) and EXIF orientation (1 = upright). */
  record Exif(LocalDate capturedAt, int orientation) {}

  private Images() {}

  static Exif exif(InputStream in, ZoneId zone) {
    try (in) {
      Metadata metadata = ImageMetadataReader.readMetadata(in);
      int orientation = 1;
      ExifIFD0Directory ifd0 = metadata.getFirstDirectoryOfType(ExifIFD0Directory.class);
      if (ifd0 != null && ifd0.containsTag(ExifIFD0Directory.TAG_ORIENTATION)) {
        orientation = ifd0.getInt(ExifIFD0Directory.TAG_ORIENTATION);
      }
      LocalDate captured = null;
      ExifSubIFDDirectory sub = metadata.getFirstDirectoryOfType(ExifSubIFDDirectory.class);
      if (sub != null) {
        // EXIF times carry no zone: the camera's clock is taken as the society's local time
        Date original = sub.getDateOriginal(TimeZone.getTimeZone(zone));
        if (original != null) {
          captured = original.toInstant().atZone(zone).toLocalDate();
        }
      }
      return new Exif(captured, orientation);
    } catch (ImageProcessingException | IOException | MetadataException | RuntimeException e) {
      LOG.debug("No EXIF data read: {}", e.toString());
      return new Exif(null, 1);
    }
  }

  /** A JPEG thumbnail of the photo, upright; null when the photo cannot be decoded here. */
  static byte[] thumbnail(Supplier<InputStream> content, int orientation) {
    try (InputStream in = content.get();
        ImageInputStream stream = ImageIO.createImageInputStream(in)) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(stream);
      if (!readers.hasNext()) {
        return null;
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(stream, true, true);
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        if ((long) width * height > 200_000_000L) {
          return null;
        }
        int step = Math.max(1, Math.max(width, height) / (THUMBNAIL * 2));
        ImageReadParam param = reader.getDefaultReadParam();
        param.setSourceSubsampling(step, step, 0, 0);
        BufferedImage image = reader.read(0, param);
        return jpeg(upright(scaled(image), orientation));
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      LOG.info("No thumbnail made: {}", e.toString());
      return null;
    }
  }

  private static BufferedImage scaled(BufferedImage image) {
    double f = Math.min(1.0, (double) THUMBNAIL / Math.max(image.getWidth(), image.getHeight()));
    int w = Math.max(1, (int) Math.round(image.getWidth() * f));
    int h = Math.max(1, (int) Math.round(image.getHeight() * f));
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.setColor(java.awt.Color.WHITE);
    g.fillRect(0, 0, w, h);
    g.drawImage(image, 0, 0, w, h, null);
    g.dispose();
    return out;
  }

  /** Turns the image as EXIF orientation 1–8 says the camera held it. */
  static BufferedImage upright(BufferedImage image, int orientation) {
    if (orientation <= 1 || orientation > 8) {
      return image;
    }
    int w = image.getWidth();
    int h = image.getHeight();
    boolean swap = orientation >= 5;
    AffineTransform t = new AffineTransform();
    switch (orientation) {
      case 2 -> t.scale(-1, 1);
      case 3 -> t.rotate(Math.PI, w / 2.0, h / 2.0);
      case 4 -> t.scale(1, -1);
      case 5 -> {
        t.rotate(-Math.PI / 2);
        t.scale(-1, 1);
      }
      case 6 -> {
        t.translate(h, 0);
        t.rotate(Math.PI / 2);
      }
      case 7 -> {
        t.scale(-1, 1);
        t.translate(-h, 0);
        t.translate(0, w);
        t.rotate(3 * Math.PI / 2);
      }
      case 8 -> {
        t.translate(0, w);
        t.rotate(3 * Math.PI / 2);
      }
      default -> {}
    }
    if (orientation == 2) {
      t.translate(-w, 0);
    } else if (orientation == 4) {
      t.translate(0, -h);
    }
    BufferedImage out = new BufferedImage(swap ? h : w, swap ? w : h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.drawImage(image, t, null);
    g.dispose();
    return out;
  }

  private static byte[] jpeg(BufferedImage image) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(0.8f);
      writer.write(null, new IIOImage(image, null, null), param);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }
}
