import type { ComponentChildren } from 'preact';
import { formatNumber } from '../i18n';

export interface ChartRow {
  label: string;
  /** One value per series, in the order of `series`. */
  values: number[];
}

// Narrow and stacked (label above its bars) so that the text stays readable on a phone.
const WIDTH = 400;
const VALUE_WIDTH = 64;
const LABEL = 20;
const BAR = 18;
const GAP = 10;

function shorten(label: string, max = 52): string {
  return label.length > max ? `${label.slice(0, max - 1)}…` : label;
}

/**
 * Horizontal bars drawn as inline SVG: prints as it shows, needs no library. The picture is one
 * image with a summary for screen readers; the exact figures are in `children` (a table or text
 * right under it), which is the chart's alternative.
 */
export function BarChart({ id, title, summary, series, rows, format = formatNumber, children }: { id: string; title: string; summary: string; series: string[]; rows: ChartRow[]; format?: (n: number) => string; children?: ComponentChildren }) {
  const max = Math.max(1, ...rows.flatMap((r) => r.values));
  const rowHeight = LABEL + series.length * BAR + GAP;
  const legend = series.length > 1 ? 26 : 0;
  const height = legend + rows.length * rowHeight;
  const scale = (WIDTH - VALUE_WIDTH) / max;
  return (
    <figure class="chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`} class="chart__title">
        {title}
      </figcaption>
      <svg class="chart__svg" viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label={summary} preserveAspectRatio="xMinYMin meet">
        {series.length > 1
          ? series.map((name, i) => (
              <g key={name} transform={`translate(${i * 190}, 4)`}>
                <rect width="14" height="14" class={`chart__bar chart__bar--${i}`} />
                <text x="20" y="12" class="chart__text">
                  {name}
                </text>
              </g>
            ))
          : null}
        {rows.map((r, i) => (
          <g key={`${r.label}-${i}`} transform={`translate(0, ${legend + i * rowHeight})`}>
            <text x="0" y={LABEL - 6} class="chart__text chart__label">
              {shorten(r.label)}
            </text>
            {r.values.map((v, j) => (
              <g key={j} transform={`translate(0, ${LABEL + j * BAR})`}>
                <rect x="0" y="0" width={Math.max(v > 0 ? 2 : 0, v * scale)} height={BAR - 4} class={`chart__bar chart__bar--${j}`} />
                <text x={v * scale + 6} y={BAR - 6} class="chart__text chart__value">
                  {format(v)}
                </text>
              </g>
            ))}
          </g>
        ))}
      </svg>
      {children}
    </figure>
  );
}
