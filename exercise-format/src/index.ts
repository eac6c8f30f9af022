// Public entry of @tyinglab/exercise-format: the exercise.json schema and the content loader.
export { exerciseMetaSchema, checkMetaSchema, wrongMetaSchema } from './schema';
export type { ExerciseMeta, CheckMeta, WrongMeta } from './schema';
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
