import { scaleBand, scaleLinear, scalePoint } from 'd3-scale';
import { line } from 'd3-shape';
import { html, type SafeHtml } from './html.js';

/** One named row of values, one value per x label. */
export interface Series {
  name: string;
  values: number[];
}

export interface ChartSpec {
  /** Names the chart for screen readers and heads its fallback table. */
  title: string;
  labels: string[];
  series: Series[];
  /** The unit shown in the table's header, e.g. "points". */
  unit: string;
}

const W = 640;
const H = 240;
const M = { top: 12, right: 12, bottom: 28, left: 40 };
// Colours come from the stylesheet (.s0 … .s5), so charts follow its palette and need no inline style.
const seriesClass = (i: number) => `s${i % 6}`;

const yAxis = (ticks: number[], y: (v: number) => number) =>
  ticks.map(
    (t) => html`<g class="tick"><line x1="${M.left}" x2="${W - M.right}" y1="${y(t)}" y2="${y(t)}"></line>
      <text x="${M.left - 6}" y="${y(t) + 4}" text-anchor="end">${t}</text></g>`,
  );

// At most about eight x labels fit a phone-width chart; the rest are left out (the table has all).
const everyNth = (n: number) => Math.max(1, Math.ceil(n / 8));

function legend(series: Series[]): SafeHtml {
  return html`<ul class="legend">${series.map((s, i) => html`<li><span class="swatch ${seriesClass(i)}"></span>${s.name}</li>`)}</ul>`;
}

/** The same numbers as a table, for screen readers, copying and a failed SVG. */
function fallback(spec: ChartSpec): SafeHtml {
  return html`<details class="chart-data"><summary>Table: ${spec.title}</summary>
    <div class="scroll"><table><thead><tr><th scope="col">${spec.unit}</th>${spec.labels.map((l) => html`<th scope="col">${l}</th>`)}</tr></thead>
    <tbody>${spec.series.map((s) => html`<tr><th scope="row">${s.name}</th>${s.values.map((v) => html`<td>${v}</td>`)}</tr>`)}</tbody></table></div>
  </details>`;
}

/** A line per series over the labels (points over time), with its legend and table. */
export function lineChart(spec: ChartSpec): SafeHtml {
  const max = Math.max(1, ...spec.series.flatMap((s) => s.values));
  const x = scalePoint<number>()
    .domain(spec.labels.map((_, i) => i))
    .range([M.left + 8, W - M.right - 8]);
  const y = scaleLinear()
    .domain([0, max])
    .nice()
    .range([H - M.bottom, M.top]);
  const path = line<number>()
    .x((_, i) => x(i)!)
    .y((v) => y(v));
  const nth = everyNth(spec.labels.length);
  return html`<figure class="chart">
    <svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${spec.title}" xmlns="http://www.w3.org/2000/svg">
      <title>${spec.title}</title>
      ${yAxis(y.ticks(5), y)}
      ${spec.labels.map((l, i) => (i % nth === 0 ? html`<text class="xlabel" x="${x(i)!}" y="${H - 8}" text-anchor="middle">${l}</text>` : ''))}
      ${spec.series.map(
        (s, i) => html`<g class="series ${seriesClass(i)}"><path class="line" d="${path(s.values) ?? ''}"></path>
          ${s.values.map((v, j) => html`<circle cx="${x(j)!}" cy="${y(v)}" r="3"><title>${s.name} · ${spec.labels[j]!}: ${v}</title></circle>`)}</g>`,
      )}
    </svg>
    ${legend(spec.series)}
    ${fallback(spec)}
  </figure>`;
}

/** Grouped bars, one group per label and one bar per series, with its legend and table. */
export function barChart(spec: ChartSpec): SafeHtml {
  const max = Math.max(1, ...spec.series.flatMap((s) => s.values));
  const x = scaleBand<number>()
    .domain(spec.labels.map((_, i) => i))
    .range([M.left, W - M.right])
    .padding(0.2);
  const inner = scaleBand<number>()
    .domain(spec.series.map((_, i) => i))
    .range([0, x.bandwidth()])
    .padding(0.05);
  const y = scaleLinear()
    .domain([0, max])
    .nice()
    .range([H - M.bottom, M.top]);
  const nth = everyNth(spec.labels.length);
  return html`<figure class="chart">
    <svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${spec.title}" xmlns="http://www.w3.org/2000/svg">
      <title>${spec.title}</title>
      ${yAxis(y.ticks(5), y)}
      ${spec.labels.map((l, i) =>
        i % nth === 0 ? html`<text class="xlabel" x="${x(i)! + x.bandwidth() / 2}" y="${H - 8}" text-anchor="middle">${l}</text>` : '',
      )}
      ${spec.series.map(
        (s, si) =>
          html`<g class="series ${seriesClass(si)}">${s.values.map(
            (
              v,
              i,
            ) => html`<rect class="bar" x="${x(i)! + inner(si)!}" y="${y(v)}" width="${inner.bandwidth()}" height="${Math.max(0, y(0) - y(v))}">
            <title>${s.name} · ${spec.labels[i]!}: ${v}</title></rect>`,
          )}</g>`,
      )}
    </svg>
    ${legend(spec.series)}
    ${fallback(spec)}
  </figure>`;
}
