-- CreateTable
CREATE TABLE "ServerAction" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "clusterId" TEXT NOT NULL,
    "backend" TEXT NOT NULL,
    "server" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "requestedBy" TEXT NOT NULL,
    "requestedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    "results" JSONB,
    CONSTRAINT "ServerAction_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ServerAction_status_id_idx" ON "ServerAction"("status", "id");

-- CreateIndex
CREATE INDEX "ServerAction_clusterId_id_idx" ON "ServerAction"("clusterId", "id");

