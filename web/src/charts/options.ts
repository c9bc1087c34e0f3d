/** ECharts options for each kind of dashboard chart, built from the chart's points (pure). */
import type { EChartsCoreOption } from 'echarts/core';
import { compact, type ChartView } from './chart-data.ts';
import { GRID_COLS, GRID_ROWS, PROVINCES } from './provinces.ts';

export interface OptionContext {
  readonly lang: 'zh' | 'en';
  readonly label: (v: string) => string;
  readonly seriesLabel: (s: string) => string;
}

const PALETTE = [
  '#c23531',
  '#2f4554',
  '#61a0a8',
  '#d48265',
  '#91c7ae',
  '#749f83',
  '#ca8622',
  '#bda29a',
  '#6e7074',
  '#546570',
  '#c4ccd3',
  '#8d98b3',
];

const unique = (xs: readonly string[]): string[] => [...new Set(xs)];

const timeOption = (c: ChartView, ctx: OptionContext, kind: 'line' | 'bar'): EChartsCoreOption => {
  const keys = unique(c.points.map((p) => p.key)).sort();
  const seriesNames = unique(c.points.map((p) => p.series));
  return {
    color: PALETTE,
    tooltip: {
      trigger: 'axis',
      valueFormatter: (v: unknown) => (typeof v === 'number' ? compact(v, ctx.lang) : String(v)),
    },
    legend: { top: 0, data: seriesNames.map(ctx.seriesLabel) },
    grid: { left: 56, right: 16, top: 32, bottom: 28 },
    xAxis: { type: 'category', data: keys },
    yAxis: { type: 'value', axisLabel: { formatter: (v: number) => compact(v, ctx.lang) } },
    series: seriesNames.map((s) => {
      const byKey = new Map(c.points.filter((p) => p.series === s).map((p) => [p.key, p.value]));
      return {
        name: ctx.seriesLabel(s),
        type: kind,
        smooth: kind === 'line',
        areaStyle: kind === 'line' ? { opacity: 0.12 } : undefined,
        data: keys.map((k) => byKey.get(k) ?? 0),
      };
    }),
  };
};

const pieOption = (c: ChartView, ctx: OptionContext): EChartsCoreOption => ({
  color: PALETTE,
  tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
  series: [
    {
      type: 'pie',
      radius: ['35%', '68%'],
      center: ['50%', '54%'],
      label: { formatter: '{b}\n{d}%', fontSize: 11 },
      data: c.points.map((p) => ({ name: ctx.label(p.key), value: p.value })),
    },
  ],
});

const barOption = (c: ChartView, ctx: OptionContext, horizontal: boolean): EChartsCoreOption => {
  const asShare = c.shareBase !== undefined && c.shareBase > 0;
  const value = (v: number) => (asShare && c.shareBase ? Math.round((1000 * v) / c.shareBase) / 10 : v);
  const points = horizontal ? [...c.points].reverse() : c.points;
  const categories = {
    type: 'category',
    data: points.map((p) => ctx.label(p.key)),
    axisLabel: { interval: 0, fontSize: 11 },
  };
  const values = {
    type: 'value',
    axisLabel: { formatter: (v: number) => (asShare ? `${v}%` : compact(v, ctx.lang)) },
  };
  return {
    color: PALETTE.slice(horizontal ? 2 : 1),
    tooltip: {
      trigger: 'axis',
      valueFormatter: (v: unknown) =>
        typeof v === 'number' ? (asShare ? `${v}%` : compact(v, ctx.lang)) : String(v),
    },
    grid: {
      left: horizontal ? 96 : 48,
      right: 24,
      top: 16,
      bottom: !horizontal && ctx.lang === 'en' ? 56 : 28,
    },
    xAxis: horizontal ? values : categories,
    yAxis: horizontal ? categories : values,
    series: [
      {
        type: 'bar',
        data: points.map((p) => value(p.value)),
        label: {
          show: horizontal,
          position: 'right',
          formatter: (x: { value: number }) => (asShare ? `${x.value}%` : compact(x.value, ctx.lang)),
          fontSize: 10,
        },
      },
    ],
  };
};

/** The tile-grid map: a heatmap whose cells are provinces, coloured by value, labelled by short name. */
const mapOption = (c: ChartView, ctx: OptionContext): EChartsCoreOption => {
  const byProvince = new Map(c.points.map((p) => [p.key, p.value]));
  const max = Math.max(1, ...c.points.map((p) => p.value));
  const total = c.total > 0 ? c.total : 1;
  const data = PROVINCES.map((p) => ({
    value: [p.col, p.row, byProvince.get(p.en) ?? 0],
    name: p.en,
    short: ctx.lang === 'zh' ? p.short : p.en.slice(0, 3),
  }));
  return {
    tooltip: {
      formatter: (x: { data?: { name?: string; value?: number[] } }) => {
        const name = x.data?.name ?? '';
        const v = x.data?.value?.[2] ?? 0;
        return `${ctx.label(name)}: ${compact(v, ctx.lang)} (${((100 * v) / total).toFixed(1)}%)`;
      },
    },
    grid: { left: 8, right: 8, top: 8, bottom: 40 },
    xAxis: { type: 'category', data: [...Array(GRID_COLS).keys()].map(String), show: false },
    yAxis: { type: 'category', data: [...Array(GRID_ROWS).keys()].map(String), show: false, inverse: true },
    visualMap: {
      min: 0,
      max,
      calculable: false,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      itemHeight: 120,
      inRange: { color: ['#fdf2e9', '#f5b183', '#e8663d', '#b2182b'] },
      formatter: (v: number) => compact(v, ctx.lang),
    },
    series: [
      {
        type: 'heatmap',
        data,
        itemStyle: { borderColor: '#fff', borderWidth: 3, borderRadius: 4 },
        label: {
          show: true,
          formatter: (x: { data: { short: string } }) => x.data.short,
          fontSize: 12,
          color: '#222',
        },
      },
    ],
  };
};

/**
 * Ten charts animating at once cost the first load more than they give; the numbers appear at once.
 */
export const chartOption = (c: ChartView, ctx: OptionContext): EChartsCoreOption => ({
  animation: false,
  ...optionOf(c, ctx),
});

const optionOf = (c: ChartView, ctx: OptionContext): EChartsCoreOption => {
  switch (c.display) {
    case 'line':
      return timeOption(c, ctx, 'line');
    case 'bar':
      return c.points.some((p) => /^\d{4}-\d{2}/.test(p.key))
        ? timeOption(c, ctx, 'bar')
        : barOption(c, ctx, false);
    case 'pie':
      return pieOption(c, ctx);
    case 'hbar':
      return barOption(c, ctx, true);
    case 'map':
      return mapOption(c, ctx);
  }
};
