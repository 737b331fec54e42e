-- CreateTable
CREATE TABLE "DrillScheduleRun" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "clusterId" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "slot" DATETIME NOT NULL,
    "drillId" INTEGER,
    "refused" TEXT,
    "judgedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "DrillScheduleRun_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "DrillScheduleRun_drillId_idx" ON "DrillScheduleRun"("drillId");

-- CreateIndex
CREATE UNIQUE INDEX "DrillScheduleRun_clusterId_mode_slot_key" ON "DrillScheduleRun"("clusterId", "mode", "slot");

