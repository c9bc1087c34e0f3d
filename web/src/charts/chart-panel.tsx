/**
 * One dashboard chart: ECharts is loaded on demand, drawn on a canvas, and exportable as CSV (the
 * numbers) or PNG (the picture). `data-points` tells tests and screen readers how much it shows.
 */
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n.tsx';
import { chartCsv, compact, download, type ChartView } from './chart-data.ts';
import type { ChartInstance } from './echarts-setup.ts';
import { chartOption, currentMonth } from './options.ts';

export const ChartPanel = ({ chart, wide }: { chart: ChartView; wide?: boolean }) => {
  const { lang, t, label } = useI18n();
  const el = useRef<HTMLDivElement>(null);
  const instance = useRef<ChartInstance | null>(null);
  const [drawn, setDrawn] = useState(false);

  useEffect(() => {
    let cancelled = false;
    const node = el.current;
    if (!node) return;
    void import('./echarts-setup.ts').then(async (m) => {
      if (chart.display === 'map') await m.ensureChinaMap();
      if (cancelled) return;
      instance.current ??= m.init(node);
      const seriesLabel = (s: string) => {
        const k = `series_${s}`;
        return k === 'series_call_intercepted' ||
          k === 'series_sms_intercepted' ||
          k === 'series_account_closed'
          ? t(k)
          : label(s);
      };
      instance.current.setOption(chartOption(chart, { lang, label, seriesLabel, month: currentMonth() }), {
        notMerge: true,
      });
      setDrawn(true);
    });
    return () => {
      cancelled = true;
    };
  }, [chart, lang, label, t]);

  useEffect(() => {
    const onResize = () => instance.current?.resize();
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      instance.current?.dispose();
      instance.current = null;
    };
  }, []);

  const title = lang === 'zh' ? chart.titleZh : chart.titleEn;
  const exportPng = () => {
    const url = instance.current?.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff' });
    if (url) download(`${chart.id}.png`, url);
  };
  const exportCsv = () =>
    download(
      `${chart.id}.csv`,
      URL.createObjectURL(new Blob([chartCsv(chart, label)], { type: 'text/csv;charset=utf-8' })),
    );

  return (
    <section
      className={`panel chart${wide ? ' wide' : ''}`}
      data-chart={chart.id}
      data-points={chart.points.length}
      data-drawn={drawn ? 'yes' : 'no'}
    >
      <header>
        <h3>
          <span className="fig">
            {t('figure')} {chart.figure}
          </span>{' '}
          {title}
        </h3>
        <span className="muted small">
          {t('total')} {compact(chart.total, lang)}
        </span>
        <span className="actions">
          <button type="button" onClick={exportCsv} aria-label={`${t('exportCsv')} ${title}`}>
            {t('exportCsv')}
          </button>
          <button type="button" onClick={exportPng} aria-label={`${t('exportPng')} ${title}`}>
            {t('exportPng')}
          </button>
        </span>
      </header>
      {/* A filter that leaves nothing: the message alone, without empty axes under it. */}
      {chart.points.length === 0 ? <p className="empty muted">{t('noData')}</p> : null}
      <div
        ref={el}
        className={chart.points.length === 0 ? 'canvas hidden' : 'canvas'}
        role="img"
        aria-label={title}
      />
    </section>
  );
};
