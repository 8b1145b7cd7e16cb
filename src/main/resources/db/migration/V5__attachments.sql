-- Attachments (docs/ATTACHMENTS.md, ADR 0011): the photos, videos and documents units attach to
-- their plan or summary, and HQ's documents of a campaign (the CAST notice, annex templates). The
-- bytes live in this database in chunks of at most 512 KiB (streamed in and out with bounded
-- memory, backed up with everything else); the unit processes hold only references.

-- One stored file. The id is 128 random bits (not guessable). A unit's file belongs to a campaign,
-- a unit and a phase; HQ's document has no unit. removed_at: taken out by the unit before a
-- submission (its bytes stay while an earlier submission names it). process_instance_id: the
-- process whose history the file belongs to; the file is removed with that history.
CREATE TABLE stwd_file (
    id                  VARCHAR(32)  NOT NULL PRIMARY KEY,
    campaign_code       VARCHAR(32)  NOT NULL,
    unit_code           VARCHAR(32),
    phase               VARCHAR(16),
    process_instance_id VARCHAR(64)  NOT NULL,
    task_id             VARCHAR(64),
    name                VARCHAR(255) NOT NULL,
    content_type        VARCHAR(100) NOT NULL,
    kind                VARCHAR(16)  NOT NULL,
    size_bytes          BIGINT       NOT NULL,
    sha256              VARCHAR(64)  NOT NULL,
    chunks              INT          NOT NULL,
    captured_at         DATE,
    outside_window      BOOLEAN      NOT NULL DEFAULT FALSE,
    thumbnail           BYTEA,
    uploaded_by         VARCHAR(64)  NOT NULL,
    uploaded_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    removed_at          TIMESTAMP WITH TIME ZONE
);
CREATE INDEX idx_stwd_file_owner ON stwd_file (campaign_code, unit_code, phase);
CREATE INDEX idx_stwd_file_process ON stwd_file (process_instance_id);

-- The bytes of a file, in order.
CREATE TABLE stwd_file_chunk (
    file_id VARCHAR(32) NOT NULL,
    seq     INT         NOT NULL,
    data    BYTEA       NOT NULL,
    PRIMARY KEY (file_id, seq)
);

-- Which files a submission carried (a resubmission after a return names its own set).
CREATE TABLE stwd_submission_file (
    reference VARCHAR(100) NOT NULL,
    file_id   VARCHAR(32)  NOT NULL,
    position  INT          NOT NULL,
    PRIMARY KEY (reference, file_id)
);
CREATE INDEX idx_stwd_submission_file_file ON stwd_submission_file (file_id);
