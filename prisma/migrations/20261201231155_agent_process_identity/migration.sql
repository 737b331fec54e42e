-- Where an agents process runs, precisely enough for one on the same host to see it gone at once
-- (lib/leases/local-process.ts); null for rows written before, which wait the lease time as before.
-- AlterTable
ALTER TABLE "AgentProcess" ADD COLUMN "identity" TEXT;
