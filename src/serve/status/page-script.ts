/**
 * Browser script of the status page (bundled with uPlot into assets.generated.ts by
 * scripts/gen-status-assets.ts): draws each spot chart from the page's JSON block. Prices are
 * plotted as percent change from the start of the period, so the four metals share one scale;
 * the legend shows the price in USD at the cursor (the latest one when the cursor is away).
 */
import uPlot from 'uplot';
import type { SpotChart } from './spot-chart.js';

interface SpotData {
  colors: Record<string, string>;
  metals: string[];
  charts: SpotChart[];
}

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

function percentFromFirst(prices: (number | null)[]): (number | null)[] {
  const first = prices.find((p) => p !== null);
  return prices.map((p) => (p === null || !first ? null : (p / first - 1) * 100));
}

const showLatest = (u: uPlot) => u.setLegend({ idx: u.data[0].length - 1 }, false);

function draw(data: SpotData, chart: SpotChart, el: HTMLElement): uPlot {
  const series: uPlot.Series[] = data.metals.map((metal) => {
    const prices = chart.prices[metal as keyof SpotChart['prices']];
    return {
      label: metal,
      stroke: data.colors[metal],
      width: 2,
      value: (_u, v, _s, i) =>
        v === null || i === null || prices[i] == null
          ? '—'
          : `${usd.format(prices[i]!)} (${v >= 0 ? '+' : ''}${v.toFixed(2)} %)`,
    };
  });
  const opts: uPlot.Options = {
    width: el.clientWidth,
    height: 240,
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    scales: { x: { time: true } },
    axes: [{}, { values: (_u, ticks) => ticks.map((t) => `${t.toFixed(1)} %`), size: 60 }],
    series: [{ label: 'UTC', value: '{YYYY}-{MM}-{DD} {HH}:{mm}' }, ...series],
    cursor: { drag: { x: false, y: false } },
    // Away from the cursor, the legend shows the latest prices rather than dashes.
    hooks: {
      ready: [showLatest],
      setCursor: [(u) => u.cursor.idx == null && showLatest(u)],
    },
  };
  const aligned = [
    chart.x,
    ...data.metals.map((m) => percentFromFirst(chart.prices[m as keyof SpotChart['prices']])),
  ];
  return new uPlot(opts, aligned as uPlot.AlignedData, el);
}

function main() {
  const block = document.getElementById('spot-data');
  if (!block?.textContent) return;
  const data = JSON.parse(block.textContent) as SpotData;
  const plots: [uPlot, HTMLElement][] = [];
  for (const chart of data.charts) {
    const el = document.getElementById(chart.id);
    if (el && chart.x.length) plots.push([draw(data, chart, el), el]);
  }
  const resize = new ResizeObserver(() => {
    for (const [plot, el] of plots)
      if (plot.width !== el.clientWidth) plot.setSize({ width: el.clientWidth, height: 240 });
  });
  for (const [, el] of plots) resize.observe(el);
}

main();
