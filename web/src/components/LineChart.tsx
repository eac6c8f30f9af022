// Draws one plot a check declared (the results contract's Plot): title, labelled axes with their
// ranges, one line per series (the reference dashed, each series its own colour) and a legend.
// Dependency-free SVG; the chart draws exactly what the check declared and nothing else.
import type { Plot } from '@tyinglab/contract';
import { formatNumber } from '@/lib/format';
import { layoutPlot } from '@/lib/plot-layout';

const WIDTH = 320;
const HEIGHT = 120;
const DASH = '6 4';

export function LineChart({ plot }: { plot: Plot }) {
  const { series, x, y } = layoutPlot(plot, WIDTH, HEIGHT);
  const described = plot.series
    .map((s) => {
      const values = s.values.filter((v): v is number => v !== null);
      return values.length ? `${s.name}: ${values.length} values from ${formatNumber(values[0]!)} to ${formatNumber(values[values.length - 1]!)}` : `${s.name}: no values`;
    })
    .join('; ');
  return (
    <figure className="chart" data-testid="plot">
      <figcaption>{plot.title}</figcaption>
      <div className="chart__y-label">{plot.yLabel}</div>
      <div className="chart__body">
        <div className="chart__axis" aria-hidden="true">
          <span>{formatNumber(y.max)}</span>
          <span>{formatNumber(y.min)}</span>
        </div>
        <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`${plot.title}: ${plot.yLabel} against ${plot.xLabel}. ${described}`} preserveAspectRatio="none">
          <rect x="0" y="0" width={WIDTH} height={HEIGHT} className="chart__bg" />
          {series.flatMap((s) =>
            s.runs.map((points, r) => (
              <polyline
                key={`${s.name}-${r}`}
                data-series={s.name}
                points={points}
                fill="none"
                stroke={s.color}
                strokeWidth={s.dashed ? 2 : 2.5}
                strokeLinecap="round"
                vectorEffect="non-scaling-stroke"
                strokeDasharray={s.dashed ? DASH : undefined}
              />
            )),
          )}
        </svg>
      </div>
      <div className="chart__x" aria-hidden="true">
        <span>{formatNumber(x.min)}</span>
        <span className="chart__x-label">{plot.xLabel}</span>
        <span>{formatNumber(x.max)}</span>
      </div>
      <ul className="chart__legend">
        {series.map((s) => (
          <li key={s.name}>
            <svg className="chart__swatch" viewBox="0 0 24 6" aria-hidden="true">
              <line x1="1" y1="3" x2="23" y2="3" stroke={s.color} strokeWidth="3" strokeDasharray={s.dashed ? '5 3' : undefined} />
            </svg>
            {s.name}
          </li>
        ))}
      </ul>
    </figure>
  );
}
