-- Evidence and audit rows are append-only (DOMAIN.md §2: evidence is never altered).
-- UPDATE is always refused; DELETE only inside the retention purge, which sets
-- `SET LOCAL watchkeeper.retention_purge = 'on'` in its own transaction.
CREATE OR REPLACE FUNCTION watchkeeper_append_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    RAISE EXCEPTION 'watchkeeper: % is append-only; rows cannot be changed', TG_TABLE_NAME
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF coalesce(current_setting('watchkeeper.retention_purge', true), '') <> 'on' THEN
    RAISE EXCEPTION 'watchkeeper: % rows are removed only by the retention purge', TG_TABLE_NAME
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN OLD;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER "AuditEntry_append_only" BEFORE UPDATE OR DELETE ON "AuditEntry"
  FOR EACH ROW EXECUTE FUNCTION watchkeeper_append_only();

CREATE TRIGGER "Evidence_append_only" BEFORE UPDATE OR DELETE ON "Evidence"
  FOR EACH ROW EXECUTE FUNCTION watchkeeper_append_only();
