import Link from 'next/link';

export default function ExerciseNotFound() {
  return (
    <div className="page">
      <h1>Exercise not found</h1>
      <p>
        There is no exercise at this address. <Link href="/">Back to the exercises</Link>.
      </p>
    </div>
  );
}
