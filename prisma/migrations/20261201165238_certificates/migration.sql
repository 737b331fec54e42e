-- CreateTable
CREATE TABLE "Certificate" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "clusterId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "source" TEXT NOT NULL DEFAULT 'upload',
    "chainPem" TEXT NOT NULL,
    "keySealed" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "sans" JSONB NOT NULL,
    "issuer" TEXT NOT NULL,
    "notBefore" DATETIME NOT NULL,
    "notAfter" DATETIME NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "served" JSONB,
    "checkedAt" DATETIME,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Certificate_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CertificateJob" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "clusterId" TEXT NOT NULL,
    "certificateId" TEXT,
    "name" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "requestedBy" TEXT NOT NULL,
    "steps" JSONB,
    "error" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    CONSTRAINT "CertificateJob_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Certificate_clusterId_name_key" ON "Certificate"("clusterId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Certificate_clusterId_path_key" ON "Certificate"("clusterId", "path");

-- CreateIndex
CREATE INDEX "CertificateJob_status_id_idx" ON "CertificateJob"("status", "id");

-- CreateIndex
CREATE INDEX "CertificateJob_clusterId_id_idx" ON "CertificateJob"("clusterId", "id");

