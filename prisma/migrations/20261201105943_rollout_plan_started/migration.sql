-- AlterTable
ALTER TABLE "Rollout" ADD COLUMN "planStartedAt" DATETIME;

