-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ServerAction" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "clusterId" TEXT NOT NULL,
    "backend" TEXT NOT NULL,
    "server" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "align" BOOLEAN NOT NULL DEFAULT false,
    "requestedBy" TEXT NOT NULL,
    "requestedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    "results" JSONB,
    CONSTRAINT "ServerAction_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_ServerAction" ("action", "backend", "clusterId", "finishedAt", "id", "requestedAt", "requestedBy", "results", "server", "startedAt", "status") SELECT "action", "backend", "clusterId", "finishedAt", "id", "requestedAt", "requestedBy", "results", "server", "startedAt", "status" FROM "ServerAction";
DROP TABLE "ServerAction";
ALTER TABLE "new_ServerAction" RENAME TO "ServerAction";
CREATE INDEX "ServerAction_status_id_idx" ON "ServerAction"("status", "id");
CREATE INDEX "ServerAction_clusterId_id_idx" ON "ServerAction"("clusterId", "id");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

