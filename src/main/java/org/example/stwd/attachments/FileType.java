package org.example.stwd.attachments;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * What a file is, decided from its content (never from its name or the type the browser sent): the
 * photos, videos and documents the notices ask for. Anything else is refused.
 */
public enum FileType {
  JPEG("image/jpeg", Kind.IMAGE, "jpg", true),
  PNG("image/png", Kind.IMAGE, "png", true),
  HEIC("image/heic", Kind.IMAGE, "heic", false),
  MP4("video/mp4", Kind.VIDEO, "mp4", false),
  MOV("video/quicktime", Kind.VIDEO, "mov", false),
  PDF("application/pdf", Kind.DOCUMENT, "pdf", true),
  DOCX(
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      Kind.DOCUMENT,
      "docx",
      false),
  XLSX(
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      Kind.DOCUMENT,
      "xlsx",
      false),
  DOC("application/msword", Kind.DOCUMENT, "doc", false),
  XLS("application/vnd.ms-excel", Kind.DOCUMENT, "xls", false);

  /** What the page and the review call it. */
  public enum Kind {
    IMAGE("照片"),
    VIDEO("视频"),
    DOCUMENT("文档");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** The types in words, for limits and refusals. */
  public static final String LABEL = "照片（JPEG、PNG、HEIC）、视频（MP4、MOV）、文档（PDF、Word、Excel）";

  /** What the page's file input offers (the check is on the content). */
  public static final String ACCEPT =
      "image/jpeg,image/png,image/heic,image/heif,.heic,.heif,video/mp4,video/quicktime,"
          + "application/pdf,.pdf,.doc,.docx,.xls,.xlsx";

  /** How many leading bytes {@link #detect} needs. */
  public static final int HEAD = 64;

  private static final Set<String> HEIF_BRANDS =
      Set.of("heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1");
  private static final Set<String> MP4_BRANDS =
      Set.of(
          "isom", "iso2", "iso4", "iso5", "iso6", "mp41", "mp42", "avc1", "M4V ", "MSNV", "3gp4",
          "3gp5", "3g2a", "dash");

  private final String contentType;
  private final Kind kind;
  private final String extension;
  private final boolean inline;

  FileType(String contentType, Kind kind, String extension, boolean inline) {
    this.contentType = contentType;
    this.kind = kind;
    this.extension = extension;
    this.inline = inline;
  }

  public String contentType() {
    return contentType;
  }

  public Kind kind() {
    return kind;
  }

  public String extension() {
    return extension;
  }

  /** Whether a browser may show it in place (images it can draw, PDF); all else downloads. */
  public boolean inline() {
    return inline;
  }

  /** Whether a thumbnail can be made of it on the server (HEIC cannot, in plain Java). */
  public boolean thumbnails() {
    return this == JPEG || this == PNG;
  }

  public static FileType ofContentType(String contentType) {
    for (FileType t : values()) {
      if (t.contentType.equals(contentType)) {
        return t;
      }
    }
    throw new IllegalArgumentException(contentType);
  }

  /**
   * The type of a file from its first bytes; for ZIP and OLE containers (Office files) also from
   * its entries ({@code content} reads the whole file again) and, for the old binary Office formats
   * whose container does not say, from the name's extension. Null: not a type accepted.
   */
  public static FileType detect(byte[] head, int length, String name, Supplier<InputStream> content)
      throws IOException {
    if (starts(head, length, 0xFF, 0xD8, 0xFF)) {
      return JPEG;
    }
    if (starts(head, length, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
      return PNG;
    }
    if (starts(head, length, '%', 'P', 'D', 'F', '-')) {
      return PDF;
    }
    if (length >= 12 && ascii(head, 4, 4).equals("ftyp")) {
      String brand = ascii(head, 8, 4);
      if (HEIF_BRANDS.contains(brand)) {
        return HEIC;
      }
      if (brand.equals("qt  ")) {
        return MOV;
      }
      if (MP4_BRANDS.contains(brand)) {
        return MP4;
      }
      return null;
    }
    if (starts(head, length, 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1)) {
      String ext = extension(name);
      return ext.equals("doc") ? DOC : ext.equals("xls") ? XLS : null;
    }
    if (starts(head, length, 'P', 'K', 3, 4)) {
      return office(content);
    }
    return null;
  }

  private static FileType office(Supplier<InputStream> content) throws IOException {
    try (ZipInputStream zip = new ZipInputStream(content.get(), StandardCharsets.UTF_8)) {
      ZipEntry entry;
      int entries = 0;
      while ((entry = zip.getNextEntry()) != null && entries++ < 10_000) {
        String n = entry.getName();
        if (n.equals("word/document.xml")) {
          return DOCX;
        }
        if (n.equals("xl/workbook.xml")) {
          return XLSX;
        }
      }
      return null;
    } catch (IllegalArgumentException | java.util.zip.ZipException e) {
      return null;
    }
  }

  static String extension(String name) {
    int dot = name == null ? -1 : name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  private static boolean starts(byte[] head, int length, int... magic) {
    if (length < magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if ((head[i] & 0xFF) != magic[i]) {
        return false;
      }
    }
    return true;
  }

  private static String ascii(byte[] head, int from, int count) {
    return new String(head, from, count, StandardCharsets.ISO_8859_1);
  }
}
