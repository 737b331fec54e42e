-- CreateTable
CREATE TABLE "AlertIncident" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "clusterId" TEXT NOT NULL,
    "rule" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "since" DATETIME NOT NULL,
    "firedAt" DATETIME,
    "resolvedAt" DATETIME,
    "evidence" JSONB NOT NULL,
    "acknowledgedBy" TEXT,
    "acknowledgedAt" DATETIME,
    "ackNote" TEXT
);

-- CreateTable
CREATE TABLE "AlertSilence" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "clusterId" TEXT,
    "rule" TEXT,
    "until" DATETIME NOT NULL,
    "createdBy" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "NotificationChannel" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "config" JSONB NOT NULL,
    "secrets" JSONB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "AlertNotification" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "incidentId" INTEGER NOT NULL,
    "channelId" INTEGER NOT NULL,
    "event" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "doneAt" DATETIME,
    CONSTRAINT "AlertNotification_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "AlertIncident" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AlertNotification_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "NotificationChannel" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AlertDelivery" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "channelId" INTEGER NOT NULL,
    "incidentId" INTEGER,
    "event" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "response" TEXT,
    "error" TEXT,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "durationMs" INTEGER NOT NULL,
    CONSTRAINT "AlertDelivery_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "NotificationChannel" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "AlertIncident_state_idx" ON "AlertIncident"("state");

-- CreateIndex
CREATE INDEX "AlertIncident_clusterId_state_idx" ON "AlertIncident"("clusterId", "state");

-- CreateIndex
CREATE INDEX "AlertIncident_firedAt_idx" ON "AlertIncident"("firedAt");

-- CreateIndex
CREATE INDEX "AlertSilence_until_idx" ON "AlertSilence"("until");

-- CreateIndex
CREATE UNIQUE INDEX "NotificationChannel_name_key" ON "NotificationChannel"("name");

-- CreateIndex
CREATE INDEX "AlertNotification_status_nextAttemptAt_idx" ON "AlertNotification"("status", "nextAttemptAt");

-- CreateIndex
CREATE UNIQUE INDEX "AlertNotification_incidentId_channelId_event_key" ON "AlertNotification"("incidentId", "channelId", "event");

-- CreateIndex
CREATE INDEX "AlertDelivery_channelId_id_idx" ON "AlertDelivery"("channelId", "id");

