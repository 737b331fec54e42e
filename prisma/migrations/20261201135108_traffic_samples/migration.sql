-- CreateTable
CREATE TABLE "TrafficSample" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "nodeId" TEXT NOT NULL,
    "step" INTEGER NOT NULL,
    "at" DATETIME NOT NULL,
    "data" TEXT NOT NULL,
    CONSTRAINT "TrafficSample_nodeId_fkey" FOREIGN KEY ("nodeId") REFERENCES "Node" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "TrafficSample_nodeId_step_at_idx" ON "TrafficSample"("nodeId", "step", "at");


-- CreateIndex
CREATE INDEX "TrafficSample_step_at_idx" ON "TrafficSample"("step", "at");
