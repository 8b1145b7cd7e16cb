package org.example.stwd.attachments;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.example.stwd.config.StwdProperties;
import org.example.stwd.core.CampaignUnitRepository;
import org.example.stwd.core.Phase;
import org.example.stwd.engine.EngineClock;
import org.example.stwd.validation.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Files attached to a unit's plan or summary, and HQ's documents of a campaign (docs/
 * ATTACHMENTS.md). An upload is streamed into the database in one transaction: refused (type from
 * the content, size, count, quota) or interrupted, it leaves nothing. A unit's files of a phase are
 * "current" until the unit removes them; a submission carries the current files (its own list, so
 * that a resubmission after a return shows what it carried) and the process keeps references. Who
 * may upload, remove or download is decided by the callers (the unit page's door for units, the
 * application's API for HQ); this service checks only that a file belongs where it is asked for.
 */
@Service
public class Attachments {

  private static final Logger LOG = LoggerFactory.getLogger(Attachments.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

  /** Where a file goes: a unit's phase of a campaign (unit and phase null: HQ's document). */
  public record Owner(
      String campaignCode,
      String unitCode,
      Phase phase,
      String processInstanceId,
      String taskId,
      String userId) {}

  /** The limits as the page shows them. */
  public record Limits(
      long maxFileBytes, long maxTotalBytes, int maxCount, String typesLabel, String accept) {}

  private final FileRecords records;
  private final FileChunks chunks;
  private final CampaignUnitRepository campaignUnits;
  private final StwdProperties properties;
  private final TransactionTemplate transaction;

  public Attachments(
      FileRecords records,
      FileChunks chunks,
      CampaignUnitRepository campaignUnits,
      StwdProperties properties,
      PlatformTransactionManager transactionManager) {
    this.records = records;
    this.chunks = chunks;
    this.campaignUnits = campaignUnits;
    this.properties = properties;
    this.transaction = new TransactionTemplate(transactionManager);
  }

  public Limits limits() {
    StwdProperties.Attachments a = properties.attachments();
    return new Limits(
        a.maxFileSize().toBytes(),
        a.maxTotalSize().toBytes(),
        a.maxCount(),
        FileType.LABEL,
        FileType.ACCEPT);
  }

  /** Whether units attach files to this phase (setting {@code stwd.attachments.phases}). */
  public boolean takesAttachments(Phase phase) {
    return properties.attachments().phases().stream()
        .anyMatch(p -> p.strip().equalsIgnoreCase(phase.name()));
  }

  /**
   * Stores an upload. {@code declaredLength} is the request's Content-Length (-1: not sent); the
   * bytes are counted as they come all the same. The activity window (may be null) flags a photo
   * taken outside it.
   */
  public StoredFile upload(
      Owner owner,
      String fileName,
      InputStream in,
      long declaredLength,
      LocalDate windowFirst,
      LocalDate windowLast) {
    String name = cleanName(fileName);
    Limits limits = limits();
    long room = limits.maxFileBytes();
    if (owner.unitCode() != null) {
      room = Math.min(room, roomLeft(owner, name, limits, Math.max(0, declaredLength)));
    }
    if (declaredLength > limits.maxFileBytes()) {
      throw tooLargeFile(name, limits);
    }
    if (declaredLength == 0) {
      throw Refusal.invalid(List.of("“" + name + "”是空文件，未上传。"));
    }
    String id = newId();
    Instant now = EngineClock.now();
    long limit = room;
    try {
      return transaction.execute(
          status -> {
            FileChunks.Written written;
            try {
              written = chunks.write(id, in, limit);
            } catch (FileChunks.TooLarge e) {
              throw limit < limits.maxFileBytes()
                  ? tooLargeTotal(name, limits, null)
                  : tooLargeFile(name, limits);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
            if (declaredLength >= 0 && written.size() != declaredLength) {
              throw new UncheckedIOException(
                  new IOException(written.size() + " of " + declaredLength + " bytes arrived"));
            }
            if (written.size() == 0) {
              throw Refusal.invalid(List.of("“" + name + "”是空文件，未上传。"));
            }
            FileType type;
            try {
              type =
                  FileType.detect(
                      written.head(),
                      written.headLength(),
                      name,
                      () -> chunks.open(id, written.chunks()));
            } catch (IOException e) {
              type = null;
            }
            if (type == null) {
              throw Refusal.invalid(
                  List.of("“" + name + "”的文件类型不受支持（按文件内容识别）。可上传：" + FileType.LABEL + "。"));
            }
            LocalDate captured = null;
            byte[] thumbnail = null;
            if (type.kind() == FileType.Kind.IMAGE) {
              Images.Exif exif =
                  Images.exif(chunks.open(id, written.chunks()), properties.timeZone());
              captured = exif.capturedAt();
              if (type.thumbnails()) {
                thumbnail =
                    Images.thumbnail(() -> chunks.open(id, written.chunks()), exif.orientation());
              }
            }
            if (owner.unitCode() != null) {
              // the quota again, now that the bytes are in: uploads running side by side (two from
              // the page, or two phones) each saw the quota before the other's file was stored
              campaignUnits.lock(owner.campaignCode(), owner.unitCode());
              roomLeft(owner, name, limits, written.size());
            }
            boolean outside =
                captured != null
                    && (windowFirst != null && captured.isBefore(windowFirst)
                        || windowLast != null && captured.isAfter(windowLast));
            StoredFile file =
                new StoredFile(
                    id,
                    owner.campaignCode(),
                    owner.unitCode(),
                    owner.phase(),
                    owner.processInstanceId(),
                    owner.taskId(),
                    name,
                    type,
                    written.size(),
                    written.sha256(),
                    written.chunks(),
                    captured,
                    outside,
                    thumbnail != null,
                    owner.userId(),
                    now,
                    null);
            records.insert(file, thumbnail);
            return file;
          });
    } catch (UncheckedIOException e) {
      // the client went away mid-upload (or the body could not be read): nothing was kept
      LOG.info("Upload of {} by {} interrupted: {}", name, owner.userId(), e.getCause().toString());
      throw Refusal.invalid(List.of("“" + name + "”上传中断，未保存，请重新上传。"));
    }
  }

  /**
   * Removes one of the owner's current files: its bytes are deleted unless an earlier submission
   * carried it (then it only stops being current). Any other file is "not found".
   */
  public void remove(Owner owner, String id) {
    StoredFile file =
        records.find(id).filter(f -> belongs(f, owner)).orElseThrow(Attachments::notFound);
    transaction.executeWithoutResult(
        status -> {
          if (records.submitted(file.id())) {
            records.markRemoved(file.id(), EngineClock.now());
          } else {
            records.delete(file.id());
            chunks.delete(file.id());
          }
        });
    LOG.info("File {} ({}) removed by {}", file.id(), file.name(), owner.userId());
  }

  private static boolean belongs(StoredFile f, Owner owner) {
    return f.removedAt() == null
        && f.campaignCode().equals(owner.campaignCode())
        && java.util.Objects.equals(f.unitCode(), owner.unitCode())
        && f.phase() == owner.phase();
  }

  public List<StoredFile> current(String campaignCode, String unitCode, Phase phase) {
    return records.current(campaignCode, unitCode, phase);
  }

  public List<StoredFile> documents(String campaignCode) {
    return records.documents(campaignCode);
  }

  /**
   * The submission {@code reference} carries the unit's current files of the phase: called in the
   * transaction that completes the unit's task, whichever door it came through.
   */
  public List<StoredFile> submit(
      String campaignCode, String unitCode, Phase phase, String reference) {
    List<StoredFile> files = records.current(campaignCode, unitCode, phase);
    records.bind(reference, files);
    return files;
  }

  /** The files of each of several submissions, one query. */
  public void eachOfSubmissions(java.util.Collection<String> references, FileRecords.Each each) {
    records.eachOfSubmissions(references, each);
  }

  /** Callback of {@link #eachOfLatestSubmissions}. */
  public interface UnitFile {
    void accept(String unitCode, String unitName, StoredFile file);
  }

  /**
   * The files of each unit's latest submission of a phase whose status is one of {@code statuses}
   * (of one unit, or all when {@code unitCode} is null), unit by unit.
   */
  public void eachOfLatestSubmissions(
      String campaignCode, Phase phase, List<String> statuses, String unitCode, UnitFile each) {
    records.eachOfLatestSubmissions(
        campaignCode,
        phase,
        statuses,
        rs -> {
          String unit = rs.getString("unit_code_");
          if (unitCode == null || unitCode.equals(unit)) {
            each.accept(unit, rs.getString("unit_name"), FileRecords.row(rs, 0));
          }
        });
  }

  /**
   * How many files each unit's latest submission of each phase carried (units with none absent).
   */
  public Map<Phase, Map<String, Integer>> countsOfLatestSubmissions(String campaignCode) {
    return records.countsOfLatestSubmissions(campaignCode);
  }

  /** A photo of an approved summary, with its unit's name. */
  public record UnitPhoto(String unitCode, String unitName, StoredFile file) {}

  /**
   * The photos of the units' approved summaries (latest submissions), unit by unit, at most max.
   */
  public List<UnitPhoto> approvedSummaryPhotos(String campaignCode, int max) {
    List<UnitPhoto> photos = new java.util.ArrayList<>();
    eachOfLatestSubmissions(
        campaignCode,
        Phase.SUMMARY,
        List.of("APPROVED"),
        null,
        (unitCode, unitName, file) -> {
          if (file.type().kind() == FileType.Kind.IMAGE && photos.size() < max) {
            photos.add(new UnitPhoto(unitCode, unitName, file));
          }
        });
    return photos;
  }

  public List<StoredFile> ofSubmission(String reference) {
    return records.ofSubmission(reference);
  }

  public java.util.Optional<StoredFile> find(String id) {
    if (id == null || !id.matches("[a-z2-7]{26}")) {
      return java.util.Optional.empty();
    }
    return records.find(id);
  }

  public java.util.Optional<byte[]> thumbnail(String id) {
    return records.thumbnail(id);
  }

  /** The file's bytes, one chunk at a time. */
  public InputStream open(StoredFile file) {
    return chunks.open(file.id(), file.chunks());
  }

  /**
   * Deletes the files of processes whose history is gone (history cleanup, a deleted campaign), and
   * returns how many.
   */
  public int removeOrphans() {
    int removed = 0;
    while (true) {
      List<String> ids = records.orphans(100);
      if (ids.isEmpty()) {
        return removed;
      }
      for (String id : ids) {
        transaction.executeWithoutResult(
            status -> {
              records.delete(id);
              chunks.delete(id);
            });
        removed++;
      }
    }
  }

  /**
   * A file as the pages show it; {@code base} is the download path of the caller's door ({@code
   * /api/unit/files/} for the unit page, {@code /api/files/} for HQ).
   */
  public Map<String, Object> view(StoredFile f, String base) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("id", f.id());
    v.put("name", f.name());
    v.put("size", f.size());
    v.put("sizeLabel", size(f.size()));
    v.put("contentType", f.type().contentType());
    v.put("kind", f.type().kind().name());
    v.put("kindLabel", f.type().kind().label());
    v.put("sha256", f.sha256());
    v.put("url", base + f.id());
    v.put("thumbUrl", f.hasThumbnail() ? base + f.id() + "/thumb" : null);
    v.put("capturedAt", f.capturedAt() == null ? null : f.capturedAt().toString());
    v.put("outsideWindow", f.outsideWindow());
    v.put(
        "uploadedAt",
        java.time.OffsetDateTime.ofInstant(f.uploadedAt(), properties.timeZone())
            .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
            .toString());
    v.put("uploadedBy", f.uploadedBy());
    return v;
  }

  public static Refusal notFound() {
    return Refusal.notFound("未找到该附件：它可能已被删除，或不属于本单位。");
  }

  /**
   * What the unit may still attach to the phase for a file of {@code adding} bytes: refused when
   * the count is reached or the file would not fit.
   */
  private long roomLeft(Owner owner, String name, Limits limits, long adding) {
    List<StoredFile> current =
        records.current(owner.campaignCode(), owner.unitCode(), owner.phase());
    if (current.size() >= limits.maxCount()) {
      throw Refusal.conflict(
          "本次报送已有 "
              + current.size()
              + " 个附件，达到上限 "
              + limits.maxCount()
              + " 个；“"
              + name
              + "”未上传，请先删除不需要的附件。");
    }
    long used = current.stream().mapToLong(StoredFile::size).sum();
    long left = limits.maxTotalBytes() - used;
    if (adding > left || left <= 0) {
      throw tooLargeTotal(name, limits, used);
    }
    return left;
  }

  private static Refusal tooLargeTotal(String name, Limits limits, Long used) {
    return Refusal.tooLarge(
        "附件总大小将超过上限 "
            + size(limits.maxTotalBytes())
            + (used == null ? "" : "（已用 " + size(used) + "）")
            + "，“"
            + name
            + "”未上传。");
  }

  private static Refusal tooLargeFile(String name, Limits limits) {
    return Refusal.tooLarge("“" + name + "”超过单个文件上限 " + size(limits.maxFileBytes()) + "，未上传。");
  }

  /** A size as people read it: 1.2 MB, 350 KB. */
  public static String size(long bytes) {
    if (bytes >= 1024L * 1024) {
      double mb = bytes / (1024.0 * 1024);
      return (mb >= 100
                  ? String.format(Locale.ROOT, "%.0f", mb)
                  : String.format(Locale.ROOT, "%.1f", mb))
              .replace(".0", "")
          + " MB";
    }
    return Math.max(1, Math.round(bytes / 1024.0)) + " KB";
  }

  /** The file's name as sent, without any path, control or markup characters, at most 200. */
  static String cleanName(String raw) {
    String name = raw == null ? "" : raw;
    int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
    name = name.substring(slash + 1);
    name = name.replaceAll("[\\p{Cntrl}<>:\"|?*]", "").strip();
    while (name.startsWith(".")) {
      name = name.substring(1);
    }
    if (name.isEmpty()) {
      name = "未命名文件";
    }
    if (name.codePointCount(0, name.length()) > 200) {
      String ext = FileType.extension(name);
      int keep = name.offsetByCodePoints(0, 190);
      name = name.substring(0, keep) + (ext.isEmpty() || ext.length() > 8 ? "" : "." + ext);
    }
    return name;
  }

  static String newId() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    StringBuilder s = new StringBuilder(26);
    int buffer = 0;
    int bits = 0;
    for (byte b : bytes) {
      buffer = buffer << 8 | b & 0xFF;
      bits += 8;
      while (bits >= 5) {
        s.append(BASE32[buffer >> bits - 5 & 31]);
        bits -= 5;
      }
    }
    if (bits > 0) {
      s.append(BASE32[buffer << 5 - bits & 31]);
    }
    return s.toString();
  }
}
