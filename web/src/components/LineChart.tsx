// A small dependency-free SVG line chart for plot series in check details (e.g. loss curves).
import { layoutLines, formatScientific, type Series } from '@/lib/chart-series';

const COLORS = ['#2457c5', '#c2410c', '#15803d', '#7c3aed', '#b91c1c', '#0e7490'];
const WIDTH = 320;
const HEIGHT = 120;

export function LineChart({ title, series }: { title: string; series: Series[] }) {
  const { points, min, max } = layoutLines(series, WIDTH, HEIGHT);
  const description = series.map((s) => `${s.name}: ${s.values.length} points from ${formatScientific(s.values[0]!)} to ${formatScientific(s.values[s.values.length - 1]!)}`).join('; ');
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <div className="chart__body">
        <div className="chart__axis" aria-hidden="true">
          <span>{formatScientific(max)}</span>
          <span>{formatScientific(min)}</span>
        </div>
        <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`${title}. ${description}`} preserveAspectRatio="none">
          <rect x="0" y="0" width={WIDTH} height={HEIGHT} className="chart__bg" />
          {points.map((p, i) => (
            <polyline key={series[i]!.name} points={p} fill="none" stroke={COLORS[i % COLORS.length]} strokeWidth="2" vectorEffect="non-scaling-stroke" strokeDasharray={i === 1 ? '6 4' : undefined} />
          ))}
        </svg>
      </div>
      {series.length > 1 && (
        <ul className="chart__legend">
          {series.map((s, i) => (
            <li key={s.name}>
              <span className="chart__swatch" style={{ background: COLORS[i % COLORS.length] }} aria-hidden="true" />
              {s.name}
            </li>
          ))}
        </ul>
      )}
    </figure>
  );
}
