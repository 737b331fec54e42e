-- AlterTable
ALTER TABLE "Cluster" ADD COLUMN "arpTruth" JSONB;

