-- What a certificate job does: put one certificate on both nodes (distribute), or read the files an
-- imported config's binds name from a node and hold them (adopt). ADD COLUMN, not a table rebuild:
-- a rebuild would drop the table's slot trigger (certificate_job_rollout_lock).
ALTER TABLE "CertificateJob" ADD COLUMN "kind" TEXT NOT NULL DEFAULT 'distribute';
