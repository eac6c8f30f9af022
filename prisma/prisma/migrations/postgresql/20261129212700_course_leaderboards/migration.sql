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

-- CreateTable
CREATE TABLE "LeaderboardScore" (
    "id" TEXT NOT NULL,
    "assignmentId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "frozen" BOOLEAN NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "reachedAt" TIMESTAMP(3) NOT NULL,
    "metric" DOUBLE PRECISION,

    CONSTRAINT "LeaderboardScore_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LeaderboardScore_userId_idx" ON "LeaderboardScore"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "LeaderboardScore_assignmentId_frozen_userId_key" ON "LeaderboardScore"("assignmentId", "frozen", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "Enrollment_courseId_leaderboardNameKey_key" ON "Enrollment"("courseId", "leaderboardNameKey");

-- AddForeignKey
ALTER TABLE "LeaderboardScore" ADD CONSTRAINT "LeaderboardScore_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "Assignment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LeaderboardScore" ADD CONSTRAINT "LeaderboardScore_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

