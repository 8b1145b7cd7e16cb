package org.example.stwd.attachments;

import java.time.Instant;
import java.time.LocalDate;
import org.example.stwd.core.Phase;

/**
 * A stored file's record: whose it is (campaign, unit and phase; no unit for HQ's documents), what
 * it is (type from its content, size, SHA-256) and, for a photo, its capture date.
 */
public record StoredFile(
    String id,
    String campaignCode,
    String unitCode,
    Phase phase,
    String processInstanceId,
    String taskId,
    String name,
    FileType type,
    long size,
    String sha256,
    int chunks,
    LocalDate capturedAt,
    boolean outsideWindow,
    boolean hasThumbnail,
    String uploadedBy,
    Instant uploadedAt,
    Instant removedAt) {

  /** The name to save it under: the unit's name, ending in the extension of what it really is. */
  public String downloadName() {
    String ext = FileType.extension(name);
    boolean fits =
        ext.equals(type.extension())
            || type == FileType.JPEG && ext.equals("jpeg")
            || type == FileType.HEIC && ext.equals("heif");
    return fits ? name : name + "." + type.extension();
  }
}
