/**
 * Only the ECharts parts the console draws, registered once. Imported dynamically by the chart panels,
 * so the login and public pages never download it.
 */
import { BarChart, GraphChart, HeatmapChart, LineChart, MapChart, PieChart } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapContinuousComponent,
  VisualMapPiecewiseComponent,
} from 'echarts/components';
import { LabelLayout } from 'echarts/features';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { CHINA_MAP } from './options.ts';

echarts.use([
  LineChart,
  BarChart,
  PieChart,
  HeatmapChart,
  GraphChart,
  MapChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapContinuousComponent,
  VisualMapPiecewiseComponent,
  LabelLayout,
  CanvasRenderer,
]);

export const init = (el: HTMLElement) => echarts.init(el, undefined, { renderer: 'canvas' });
export type ChartInstance = ReturnType<typeof init>;

let chinaMap: Promise<void> | undefined;
/** The province outlines, fetched with the first map drawn (their own chunk) and registered once. */
export const ensureChinaMap = (): Promise<void> =>
  (chinaMap ??= import('./china-provinces.geo.json').then((m) => {
    echarts.registerMap(CHINA_MAP, m.default as unknown as Parameters<typeof echarts.registerMap>[1]);
  }));
