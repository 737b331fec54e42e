-- AlterTable
ALTER TABLE "Node" ADD COLUMN "pollDurations" JSONB;

