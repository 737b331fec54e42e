-- AlterTable
ALTER TABLE "NodeObservation" ADD COLUMN "adverts" JSONB;

