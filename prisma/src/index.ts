// @tyinglab/db, main door: the data functions and their types, nothing else. Each takes an optional
// client (default: the process-wide one), so callers never need one. The client itself is behind
// `@tyinglab/db/client` (processes that open or close connections), test databases behind
// `@tyinglab/db/testing`; migrations, seeding and password hashing stay inside this package.
export { DbError, type DbErrorCode } from './data/errors';
export { authenticate, createUser, normaliseEmail, type PublicUser, type UserRole } from './data/users';
export { createSession, deleteExpiredSessions, deleteSession, getUserBySessionToken, SESSION_TTL_MS } from './data/sessions';
export { attemptSignIn, pruneSignInThrottle, SIGN_IN_THROTTLE, type SignInAttempt, type SignInScope, type ThrottlePolicy } from './data/attempt-sign-in';
export {
  syncExercises,
  listExercises,
  getExerciseBySlug,
  type ExerciseSyncInput,
  type SyncReport,
  type ExerciseSummary,
  type ExerciseDetail,
  type ExerciseCheckInfo,
} from './data/exercises';
export { createSubmission, SUBMISSION_CODE_MAX_BYTES, SUBMISSION_RATE_LIMIT } from './data/create-submission';
export { claimNextSubmission, type ClaimedSubmission, type ClaimOptions } from './data/claim-next-submission';
export { completeSubmission, handBackSubmission, renewLease, releaseSubmission, type FinalOutcome } from './data/grading-results';
export {
  getSubmissionForViewer,
  listSubmissionsForUser,
  HISTORY_PAGE_SIZE,
  type SubmissionView,
  type SubmissionSummary,
  type SubmissionPage,
} from './data/submission-views';
export { getDraft, saveDraft, DRAFT_CODE_MAX_BYTES, type DraftView } from './data/drafts';
export { getExerciseProgress, getLearnerOverview, SOLVED_SCORE, type CourseAssignments, type ExerciseProgress, type LearnerOverview } from './data/progress';
export { setUserRole } from './data/user-roles';
export { may, type Actor, type CourseAction, type CourseRoleName, type CourseStanding } from './data/course-access';
export {
  createCourse,
  deleteCourse,
  getCourseOverview,
  joinCourse,
  listCoursesForUser,
  rotateJoinCode,
  RESERVED_COURSE_SLUGS,
  type CourseOverview,
  type CourseSummary,
} from './data/courses';
export { listRoster, removeCourseMember, setCourseMemberRole, type RosterEntry } from './data/course-members';
export { issuePasswordReset, resetPasswordWithToken, PASSWORD_RESET_TTL_MS, type IssuedPasswordReset } from './data/password-resets';
export {
  assignmentPolicyProblems,
  assignmentState,
  createAssignment,
  getAssignmentForViewer,
  listAssignmentsForViewer,
  type AssignmentPolicyInput,
  type AssignmentState,
  type AssignmentView,
  type LearnerStanding,
} from './data/assignments';
export { countedScore, getCountedScores, lateMultiplier, ATTEMPT_STATUSES, type CountedScore, type ScoringPolicy } from './data/course-score';
export { getGradebook, type Gradebook, type GradebookColumn, type GradebookRow } from './data/gradebook';
export { regradeSubmissions } from './data/regrade';
export { getAssignmentDashboard, type AssignmentDashboard, type DashboardLearner } from './data/dashboard';
export {
  getLeaderboard,
  getLeaderboardVersion,
  LEADERBOARD_TOP,
  type Leaderboard,
  type LeaderboardMe,
  type LeaderboardMetricInfo,
  type LeaderboardRow,
  type LeaderboardSettings,
} from './data/leaderboard';
export { setLeaderboardSettings, setMyLeaderboardEntry } from './data/leaderboard-settings';
export { BOARD_NAME_MAX, BOARD_NAME_MIN } from './data/leaderboard-names';
