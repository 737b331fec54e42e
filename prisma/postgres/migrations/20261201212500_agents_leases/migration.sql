-- AlterTable
ALTER TABLE "AcmeJob" ADD COLUMN     "owner" TEXT;

-- AlterTable
ALTER TABLE "AlertNotification" ADD COLUMN     "claimedBy" TEXT;

-- AlterTable
ALTER TABLE "CertificateJob" ADD COLUMN     "owner" TEXT;

-- AlterTable
ALTER TABLE "Drill" ADD COLUMN     "owner" TEXT;

-- AlterTable
ALTER TABLE "Rollout" ADD COLUMN     "owner" TEXT;

-- AlterTable
ALTER TABLE "ServerAction" ADD COLUMN     "owner" TEXT;

-- CreateTable
CREATE TABLE "AgentProcess" (
    "id" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "host" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "beatAt" TIMESTAMP(3) NOT NULL,
    "beats" INTEGER NOT NULL DEFAULT 0,
    "stoppedAt" TIMESTAMP(3),

    CONSTRAINT "AgentProcess_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ClusterLease" (
    "clusterId" TEXT NOT NULL,
    "owner" TEXT,
    "version" INTEGER NOT NULL DEFAULT 0,
    "renewedAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ClusterLease_pkey" PRIMARY KEY ("clusterId")
);

-- CreateIndex
CREATE INDEX "AgentProcess_beatAt_idx" ON "AgentProcess"("beatAt");

-- AddForeignKey
ALTER TABLE "ClusterLease" ADD CONSTRAINT "ClusterLease_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;

