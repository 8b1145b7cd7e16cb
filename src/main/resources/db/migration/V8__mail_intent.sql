-- Mail records its intent before the SMTP conversation and its outcome after (issue 20, ADR 0013).
--
-- An attempt is inserted as SENDING (committed) before the first byte goes to the SMTP server and
-- set to SENT or FAILED after. An attempt still SENDING when the same mail is tried again (its job
-- was taken over after a node died, or its transaction failed after the server took the mail) is
-- set to UNCERTAIN: that mail may have reached its recipients twice. message_id is the mail's
-- Message-ID, derived from its idempotency key, so a repeat carries the same id (mail clients show
-- one); finished_at is when the outcome was known.
ALTER TABLE stwd_mail_log ADD COLUMN message_id VARCHAR(200);
ALTER TABLE stwd_mail_log ADD COLUMN finished_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX idx_stwd_mail_log_key ON stwd_mail_log (idem_key);
CREATE INDEX idx_stwd_mail_log_outcome ON stwd_mail_log (outcome, created_at);
