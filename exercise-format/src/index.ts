// Public entry of @tyinglab/exercise-format: the exercise.json schema and the content loader.
export { exerciseMetaSchema, checkMetaSchema, wrongMetaSchema, rightMetaSchema, mutantRecordsSchema, leaderboardMetricSchema, LEADERBOARD_METRIC_KINDS } from './schema';
export type { ExerciseMeta, CheckMeta, WrongMeta, RightMeta, MutantRecords, LeaderboardMetricKind, LeaderboardMetricMeta } from './schema';
export {
  exercisesRoot,
  loadExercises,
  loadExercise,
  loadExerciseFolder,
  contentHash,
  ExerciseContentError,
  UnknownExerciseError,
  REQUIRED_FILES,
} from './load';
export type { ExerciseDefinition } from './load';
