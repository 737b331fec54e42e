-- AlterTable
ALTER TABLE "AcmeJob" ADD COLUMN "owner" TEXT;

-- AlterTable
ALTER TABLE "AlertNotification" ADD COLUMN "claimedBy" TEXT;

-- AlterTable
ALTER TABLE "CertificateJob" ADD COLUMN "owner" TEXT;

-- AlterTable
ALTER TABLE "Drill" ADD COLUMN "owner" TEXT;

-- AlterTable
ALTER TABLE "Rollout" ADD COLUMN "owner" TEXT;

-- AlterTable
ALTER TABLE "ServerAction" ADD COLUMN "owner" TEXT;

-- CreateTable
CREATE TABLE "AgentProcess" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "pid" INTEGER NOT NULL,
    "host" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "beatAt" DATETIME NOT NULL,
    "beats" INTEGER NOT NULL DEFAULT 0,
    "stoppedAt" DATETIME
);

-- CreateTable
CREATE TABLE "ClusterLease" (
    "clusterId" TEXT NOT NULL PRIMARY KEY,
    "owner" TEXT,
    "version" INTEGER NOT NULL DEFAULT 0,
    "renewedAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    CONSTRAINT "ClusterLease_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "AgentProcess_beatAt_idx" ON "AgentProcess"("beatAt");

