-- A certificate job and a rollout never run on the same cluster at once (both write certificate
-- files and talk to HAProxy): a job is not claimed (pending → running) while a rollout holds the
-- cluster's slot, and a rollout does not take the slot while a job of that cluster runs. Triggers
-- run under SQLite's write lock, so a claim and a start cannot both win (as the drills' slot triggers).
CREATE TRIGGER "CertificateJob_running_no_rollout" BEFORE UPDATE OF "status" ON "CertificateJob"
WHEN NEW."status" = 'running' AND EXISTS (SELECT 1 FROM "Rollout" WHERE "activeKey" = NEW."clusterId")
BEGIN SELECT RAISE(ABORT, 'status: a rollout of this cluster is pending or running'); END;

CREATE TRIGGER "Rollout_activeKey_no_certificate_job_update" BEFORE UPDATE OF "activeKey" ON "Rollout"
WHEN NEW."activeKey" IS NOT NULL AND EXISTS (SELECT 1 FROM "CertificateJob" WHERE "clusterId" = NEW."activeKey" AND "status" = 'running')
BEGIN SELECT RAISE(ABORT, 'activeKey: a certificate job of this cluster is running'); END;

CREATE TRIGGER "Rollout_activeKey_no_certificate_job_insert" BEFORE INSERT ON "Rollout"
WHEN NEW."activeKey" IS NOT NULL AND EXISTS (SELECT 1 FROM "CertificateJob" WHERE "clusterId" = NEW."activeKey" AND "status" = 'running')
BEGIN SELECT RAISE(ABORT, 'activeKey: a certificate job of this cluster is running'); END;
