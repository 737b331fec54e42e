-- What a certificate job does: put one certificate on both nodes (distribute), or read the files an
-- imported config's binds name from a node and hold them (adopt).
ALTER TABLE "CertificateJob" ADD COLUMN "kind" TEXT NOT NULL DEFAULT 'distribute';

-- A certificate job and a rollout never run on the same cluster at once (SQLite: the triggers of
-- certificate_job_rollout_lock): a job is not claimed (→ running) while a rollout holds the cluster's
-- slot, and a rollout does not take the slot while a job of that cluster runs. As for the drills' slot,
-- the check first takes the transaction lock on the cluster's key, so a claim and a start cannot both win.
CREATE FUNCTION "hapair_certificate_job_free"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'CertificateJob' THEN
    IF NEW."status" <> 'running' THEN RETURN NEW; END IF;
    PERFORM pg_advisory_xact_lock(hashtext('activeKey:' || NEW."clusterId"));
    IF EXISTS (SELECT 1 FROM "Rollout" WHERE "activeKey" = NEW."clusterId") THEN
      RAISE EXCEPTION 'status: a rollout of this cluster is pending or running' USING ERRCODE = 'HPA01';
    END IF;
    RETURN NEW;
  END IF;
  IF NEW."activeKey" IS NULL THEN RETURN NEW; END IF;
  PERFORM pg_advisory_xact_lock(hashtext('activeKey:' || NEW."activeKey"));
  IF EXISTS (SELECT 1 FROM "CertificateJob" WHERE "clusterId" = NEW."activeKey" AND "status" = 'running') THEN
    RAISE EXCEPTION 'activeKey: a certificate job of this cluster is running' USING ERRCODE = 'HPA01';
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER "CertificateJob_running_no_rollout" BEFORE UPDATE OF "status" ON "CertificateJob"
FOR EACH ROW EXECUTE FUNCTION "hapair_certificate_job_free"();

CREATE TRIGGER "Rollout_activeKey_no_certificate_job" BEFORE INSERT OR UPDATE OF "activeKey" ON "Rollout"
FOR EACH ROW EXECUTE FUNCTION "hapair_certificate_job_free"();
