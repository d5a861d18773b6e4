-- AlterEnum
ALTER TYPE "DeadlineState" ADD VALUE 'escalated';

-- AlterTable
ALTER TABLE "Incident" ADD COLUMN     "acknowledgedAt" TIMESTAMP(3),
ADD COLUMN     "acknowledgedBy" TEXT;

-- AlterTable
ALTER TABLE "Deadline" ADD COLUMN     "escalatedFromId" TEXT,
ADD COLUMN     "noticePending" TEXT,
ADD COLUMN     "notices" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "ownerPersonIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "remindersSent" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "Deadline_noticePending_idx" ON "Deadline"("noticePending");


-- At most one open row per deadline of an incident (the acknowledgement window, or one duty): two
-- processes escalating the same deadline cannot both open a successor. Hand-written (Prisma cannot
-- express a partial index).
CREATE UNIQUE INDEX "Deadline_one_open_per_key" ON "Deadline" ("incidentId", "kind", COALESCE("dutyId", '')) WHERE "state" = 'open';
