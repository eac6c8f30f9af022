-- AlterTable
ALTER TABLE "Course" ADD COLUMN     "leaderboardFrozenAt" TIMESTAMP(3),
ADD COLUMN     "leaderboardHidden" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "leaderboardRevision" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Enrollment" ADD COLUMN     "leaderboardName" TEXT,
ADD COLUMN     "leaderboardNameKey" TEXT,
ADD COLUMN     "leaderboardOptOut" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Submission" ADD COLUMN     "metricKind" TEXT,
ADD COLUMN     "metricValue" DOUBLE PRECISION;

-- CreateIndex
CREATE UNIQUE INDEX "Enrollment_courseId_leaderboardNameKey_key" ON "Enrollment"("courseId", "leaderboardNameKey");

