-- Course leaderboards: per-course settings, each learner's board name and opt-out, and the trusted
-- leaderboard metric of a graded submission. Written by hand as ADD COLUMN / CREATE INDEX (Prisma's
-- diff answers with RedefineTables, whose DROP TABLE inside this migration's transaction would
-- cascade-delete every enrolment and assignment; CONTRIBUTING.md#database-migrations).

-- AlterTable
ALTER TABLE "Course" ADD COLUMN "leaderboardHidden" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "Course" ADD COLUMN "leaderboardFrozenAt" DATETIME;
ALTER TABLE "Course" ADD COLUMN "leaderboardRevision" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Enrollment" ADD COLUMN "leaderboardName" TEXT;
ALTER TABLE "Enrollment" ADD COLUMN "leaderboardNameKey" TEXT;
ALTER TABLE "Enrollment" ADD COLUMN "leaderboardOptOut" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Submission" ADD COLUMN "metricKind" TEXT;
ALTER TABLE "Submission" ADD COLUMN "metricValue" REAL;

-- CreateIndex
CREATE UNIQUE INDEX "Enrollment_courseId_leaderboardNameKey_key" ON "Enrollment"("courseId", "leaderboardNameKey");
