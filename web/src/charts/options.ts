/** ECharts options for each kind of dashboard chart, built from the chart's points (pure). */
import type { EChartsCoreOption } from 'echarts/core';
import { compact, type ChartView } from './chart-data.ts';
import { PROVINCES } from './provinces.ts';

/** The name the province map is registered under (`echarts-setup.ts`, loaded with the first map). */
export const CHINA_MAP = 'china-provinces';

export interface OptionContext {
  readonly lang: 'zh' | 'en';
  readonly label: (v: string) => string;
  readonly seriesLabel: (s: string) => string;
  /** The month now running, `YYYY-MM`: drawn as partial. */
  readonly month: string;
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

/** The month now running (local time): its figures are partial, so they are drawn as "so far". */
export const currentMonth = (now = new Date()): string =>
  `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;

const timeOption = (c: ChartView, ctx: OptionContext, kind: 'line' | 'bar'): EChartsCoreOption => {
  const keys = unique(c.points.map((p) => p.key)).sort();
  const seriesNames = unique(c.points.map((p) => p.series));
  // A partial month drawn like a whole one reads as a collapse: its line is dashed, its bar pale and
  // labelled, and its axis label says "so far".
  const partial = keys.length > 1 && keys[keys.length - 1] === ctx.month ? keys.length - 1 : -1;
  const soFar = ctx.lang === 'zh' ? '（至今）' : ' (so far)';
  const axisKeys = keys.map((k, i) => (i === partial ? `${k}${soFar}` : k));
  return {
    color: PALETTE,
    tooltip: {
      trigger: 'axis',
      valueFormatter: (v: unknown) => (typeof v === 'number' ? compact(v, ctx.lang) : String(v)),
    },
    legend: { top: 0, data: seriesNames.map(ctx.seriesLabel) },
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: axisKeys, axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value', axisLabel: { formatter: (v: number) => compact(v, ctx.lang) } },
    series: seriesNames.flatMap((s, si): Array<Record<string, unknown>> => {
      const byKey = new Map(c.points.filter((p) => p.series === s).map((p) => [p.key, p.value]));
      const values = keys.map((k) => byKey.get(k) ?? 0);
      const colour = PALETTE[si % PALETTE.length];
      if (kind === 'bar')
        return [
          {
            name: ctx.seriesLabel(s),
            type: 'bar',
            data: values.map((v, i) =>
              i === partial
                ? {
                    value: v,
                    itemStyle: { opacity: 0.4 },
                    label: { show: true, position: 'top', formatter: soFar.trim(), fontSize: 10 },
                  }
                : v,
            ),
          },
        ];
      const whole = {
        name: ctx.seriesLabel(s),
        type: 'line',
        smooth: true,
        itemStyle: { color: colour },
        areaStyle: { opacity: 0.12 },
        data: values.map((v, i) => (i === partial ? null : v)),
      };
      if (partial < 0) return [whole];
      return [
        whole,
        {
          // Same name: the legend shows one entry for both parts.
          name: ctx.seriesLabel(s),
          type: 'line',
          itemStyle: { color: colour },
          lineStyle: { type: 'dashed' },
          symbol: 'emptyCircle',
          data: values.map((v, i) => (i >= partial - 1 ? v : null)),
        },
      ];
    }),
  };
};

const pieOption = (c: ChartView, ctx: OptionContext): EChartsCoreOption => ({
  color: PALETTE,
  tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
  series: [
    {
      type: 'pie',
      radius: ['28%', '52%'],
      center: ['50%', '52%'],
      // Whole names, wrapped rather than cut; small slices' labels give way instead of overlapping.
      label: { formatter: '{b}\n{d}%', fontSize: 11, width: ctx.lang === 'zh' ? 96 : 120, overflow: 'break' },
      labelLine: { length: 10, length2: 8 },
      labelLayout: { hideOverlap: true },
      minShowLabelAngle: 4,
      data: c.points.map((p) => ({ name: ctx.label(p.key), value: p.value })),
    },
  ],
});

const barOption = (c: ChartView, ctx: OptionContext, horizontal: boolean): EChartsCoreOption => {
  const asShare = c.shareBase !== undefined && c.shareBase > 0;
  const value = (v: number) => (asShare && c.shareBase ? Math.round((1000 * v) / c.shareBase) / 10 : v);
  const points = horizontal ? [...c.points].reverse() : c.points;
  // Category names wrap within their slot instead of running into their neighbours.
  const slot = horizontal ? 120 : Math.max(40, Math.floor(380 / Math.max(1, points.length)) - 8);
  const categories = {
    type: 'category',
    data: points.map((p) => ctx.label(p.key)),
    axisLabel: { interval: 0, fontSize: 11, width: slot, overflow: 'break' },
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
    // Room for the value labels at the bars' ends, and axis labels measured, not guessed.
    grid: { left: 8, right: horizontal ? 56 : 16, top: 20, bottom: 8, containLabel: true },
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

/**
 * The province map: ECharts' geo map over China's provinces (Natural Earth outlines, see
 * `china-provinces.SOURCE.md`), coloured by value on a numbered scale, each province labelled by its
 * 简称 in Chinese or its ISO 3166-2 code in English (SX Shanxi, SN Shaanxi: unambiguous where a name's first
 * letters are not); labels that would overlap (the small eastern cities) are left to the tooltip.
 */
const mapOption = (c: ChartView, ctx: OptionContext): EChartsCoreOption => {
  const byProvince = new Map(c.points.map((p) => [p.key, p.value]));
  const max = Math.max(1, ...c.points.map((p) => p.value));
  const total = c.total > 0 ? c.total : 1;
  const data = PROVINCES.map((p) => ({
    name: p.en,
    value: byProvince.get(p.en) ?? 0,
    short: ctx.lang === 'zh' ? p.short : p.code,
  }));
  // A numbered scale: five steps from zero to the largest province, each labelled with its range.
  const step = max / 5;
  const bound = (i: number) => (i <= 0 ? 0 : i >= 5 ? max : Math.round(i * step));
  const pieces = [0, 1, 2, 3, 4].map((i) => ({
    min: bound(i),
    max: bound(i + 1),
    label: `${compact(bound(i), ctx.lang)}–${compact(bound(i + 1), ctx.lang)}`,
  }));
  return {
    tooltip: {
      formatter: (x: { name?: string; value?: number }) => {
        const v = typeof x.value === 'number' && Number.isFinite(x.value) ? x.value : 0;
        return `${ctx.label(x.name ?? '')}: ${compact(v, ctx.lang)} (${((100 * v) / total).toFixed(1)}%)`;
      },
    },
    visualMap: {
      type: 'piecewise',
      pieces,
      orient: 'vertical',
      left: 0,
      bottom: 0,
      itemWidth: 12,
      itemHeight: 10,
      itemGap: 4,
      textGap: 4,
      textStyle: { fontSize: 10 },
      inRange: { color: ['#fdf2e9', '#f5b183', '#e8663d', '#c23531', '#8f1d1a'] },
    },
    series: [
      {
        type: 'map',
        map: CHINA_MAP,
        data,
        // The usual view of China's map: Albers-like proportions from a plain lon/lat map stretched a little.
        aspectScale: 0.8,
        layoutCenter: ['55%', '55%'],
        layoutSize: '118%',
        selectedMode: false,
        itemStyle: { borderColor: '#fff', borderWidth: 0.6, areaColor: '#f0f0f0' },
        emphasis: { label: { show: true }, itemStyle: { areaColor: '#ffd666' } },
        label: {
          show: true,
          formatter: (x: { data?: { short?: string } }) => x.data?.short ?? '',
          fontSize: 10,
          color: '#222',
        },
        labelLayout: { hideOverlap: true },
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
