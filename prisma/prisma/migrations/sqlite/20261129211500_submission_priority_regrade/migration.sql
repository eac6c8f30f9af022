-- Written as ADD COLUMN rather than Prisma's table redefinition (same resulting schema): migrations run
-- inside a transaction, where SQLite cannot switch foreign keys off, so dropping and recreating
-- "Submission" would cascade-delete every CheckResult.

-- AlterTable
ALTER TABLE "Submission" ADD COLUMN "priority" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Submission" ADD COLUMN "previousScore" REAL;
ALTER TABLE "Submission" ADD COLUMN "previousContentHash" TEXT;
ALTER TABLE "Submission" ADD COLUMN "regradedAt" DATETIME;

-- CreateIndex
CREATE INDEX "Submission_status_priority_createdAt_idx" ON "Submission"("status", "priority", "createdAt");
