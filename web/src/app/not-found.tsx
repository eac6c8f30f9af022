import Link from 'next/link';

export default function NotFound() {
  return (
    <div className="page">
      <h1>Page not found</h1>
      <p>
        <Link href="/">Back to the exercises</Link>.
      </p>
    </div>
  );
}
