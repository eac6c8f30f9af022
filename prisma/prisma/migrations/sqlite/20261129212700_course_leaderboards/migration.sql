-- Course leaderboards: per-course settings, each learner's board name and opt-out, the trusted
-- leaderboard metric of a graded submission, and the precomputed counted scores boards read.
-- Written by hand as ADD COLUMN / CREATE INDEX (Prisma's diff answers with RedefineTables, whose
-- DROP TABLE inside this migration's transaction would cascade-delete every enrolment and
-- assignment; CONTRIBUTING.md#database-migrations).

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

-- CreateTable
CREATE TABLE "LeaderboardScore" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "assignmentId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "frozen" BOOLEAN NOT NULL,
    "score" REAL NOT NULL,
    "reachedAt" DATETIME NOT NULL,
    "metric" REAL,
    CONSTRAINT "LeaderboardScore_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "Assignment" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "LeaderboardScore_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "LeaderboardScore_userId_idx" ON "LeaderboardScore"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "LeaderboardScore_assignmentId_frozen_userId_key" ON "LeaderboardScore"("assignmentId", "frozen", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "Enrollment_courseId_leaderboardNameKey_key" ON "Enrollment"("courseId", "leaderboardNameKey");
