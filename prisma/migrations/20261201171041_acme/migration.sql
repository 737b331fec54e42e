-- CreateTable
CREATE TABLE "AcmeAccount" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "accountKey" TEXT NOT NULL,
    "keySealed" TEXT NOT NULL,
    "accountUrl" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "AcmeJob" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "clusterId" TEXT NOT NULL,
    "revision" INTEGER NOT NULL,
    "certificate" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "steps" JSONB NOT NULL,
    "data" JSONB NOT NULL,
    "notAfter" DATETIME,
    "error" TEXT,
    "activeKey" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    CONSTRAINT "AcmeJob_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "AcmeAccount_accountKey_key" ON "AcmeAccount"("accountKey");

-- CreateIndex
CREATE UNIQUE INDEX "AcmeJob_activeKey_key" ON "AcmeJob"("activeKey");

-- CreateIndex
CREATE INDEX "AcmeJob_status_id_idx" ON "AcmeJob"("status", "id");

-- CreateIndex
CREATE INDEX "AcmeJob_clusterId_certificate_id_idx" ON "AcmeJob"("clusterId", "certificate", "id");

