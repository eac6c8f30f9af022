-- AlterTable
ALTER TABLE "Submission" ADD COLUMN     "previousContentHash" TEXT,
ADD COLUMN     "previousScore" DOUBLE PRECISION,
ADD COLUMN     "priority" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "regradedAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "Submission_status_priority_createdAt_idx" ON "Submission"("status", "priority", "createdAt");

