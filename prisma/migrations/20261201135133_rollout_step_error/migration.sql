-- AlterTable
ALTER TABLE "RolloutStep" ADD COLUMN "error" TEXT;

