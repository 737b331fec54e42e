-- CreateTable
CREATE TABLE "Rollout" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "clusterId" TEXT NOT NULL,
    "revision" INTEGER NOT NULL,
    "mode" TEXT,
    "status" TEXT NOT NULL DEFAULT 'planning',
    "requestedBy" TEXT NOT NULL,
    "startedBy" TEXT,
    "forceReason" TEXT,
    "driftConfirmed" BOOLEAN NOT NULL DEFAULT false,
    "plan" JSONB,
    "error" TEXT,
    "activeKey" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    CONSTRAINT "Rollout_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RolloutStep" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "rolloutId" INTEGER NOT NULL,
    "index" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "node" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempt" INTEGER NOT NULL DEFAULT 0,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    "log" JSONB,
    "output" TEXT NOT NULL DEFAULT '',
    "data" JSONB,
    CONSTRAINT "RolloutStep_rolloutId_fkey" FOREIGN KEY ("rolloutId") REFERENCES "Rollout" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Rollout_activeKey_key" ON "Rollout"("activeKey");

-- CreateIndex
CREATE INDEX "Rollout_status_id_idx" ON "Rollout"("status", "id");

-- CreateIndex
CREATE INDEX "Rollout_clusterId_id_idx" ON "Rollout"("clusterId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "RolloutStep_rolloutId_index_key" ON "RolloutStep"("rolloutId", "index");

