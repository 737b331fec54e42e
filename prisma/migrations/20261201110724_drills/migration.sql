-- CreateTable
CREATE TABLE "Drill" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "clusterId" TEXT NOT NULL,
    "revision" INTEGER NOT NULL,
    "mode" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "requestedBy" TEXT NOT NULL,
    "forceReason" TEXT,
    "problems" JSONB NOT NULL,
    "holder" TEXT,
    "peer" TEXT,
    "steps" JSONB,
    "timeline" JSONB,
    "report" JSONB,
    "error" TEXT,
    "abortRequested" BOOLEAN NOT NULL DEFAULT false,
    "activeKey" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    CONSTRAINT "Drill_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Drill_activeKey_key" ON "Drill"("activeKey");

-- CreateIndex
CREATE INDEX "Drill_status_id_idx" ON "Drill"("status", "id");

-- CreateIndex
CREATE INDEX "Drill_clusterId_id_idx" ON "Drill"("clusterId", "id");

-- One drill or rollout at a time per cluster: each takes the cluster's slot (activeKey) only while the
-- other table does not hold it. Triggers run under SQLite's write lock, so two starts cannot both win.
CREATE TRIGGER "Drill_activeKey_free_insert" BEFORE INSERT ON "Drill"
WHEN NEW."activeKey" IS NOT NULL AND EXISTS (SELECT 1 FROM "Rollout" WHERE "activeKey" = NEW."activeKey")
BEGIN SELECT RAISE(ABORT, 'activeKey: a rollout of this cluster is pending or running'); END;

CREATE TRIGGER "Drill_activeKey_free_update" BEFORE UPDATE OF "activeKey" ON "Drill"
WHEN NEW."activeKey" IS NOT NULL AND EXISTS (SELECT 1 FROM "Rollout" WHERE "activeKey" = NEW."activeKey")
BEGIN SELECT RAISE(ABORT, 'activeKey: a rollout of this cluster is pending or running'); END;

CREATE TRIGGER "Rollout_activeKey_free_update" BEFORE UPDATE OF "activeKey" ON "Rollout"
WHEN NEW."activeKey" IS NOT NULL AND EXISTS (SELECT 1 FROM "Drill" WHERE "activeKey" = NEW."activeKey")
BEGIN SELECT RAISE(ABORT, 'activeKey: a drill of this cluster is pending or running'); END;

CREATE TRIGGER "Rollout_activeKey_free_insert" BEFORE INSERT ON "Rollout"
WHEN NEW."activeKey" IS NOT NULL AND EXISTS (SELECT 1 FROM "Drill" WHERE "activeKey" = NEW."activeKey")
BEGIN SELECT RAISE(ABORT, 'activeKey: a drill of this cluster is pending or running'); END;
