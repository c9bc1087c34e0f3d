/** 态势感知: the report's figures 3–11 from the platform's own events, filtered and refreshed live. */
import { useCallback, useEffect, useState } from 'react';
import { asArray, asRecord, get } from '../api.ts';
import { useCatalog } from '../catalog.tsx';
import { ChartPanel } from '../charts/chart-panel.tsx';
import { parseChart, type ChartView } from '../charts/chart-data.ts';
import { PROVINCES } from '../charts/provinces.ts';
import { useI18n } from '../i18n.tsx';

const DAY = 86_400_000;
const REFRESH_MS = 30_000;
const CHINA_OFFSET = 8 * 3_600_000;

/** A year starts on the first of the month eleven months back (China time), so every month bar is whole. */
const periodStart = (to: number, days: number): number => {
  if (days < 365) return to - days * DAY;
  const local = new Date(to + CHINA_OFFSET);
  return Date.UTC(local.getUTCFullYear(), local.getUTCMonth() - 11, 1) - CHINA_OFFSET;
};

export const Dashboard = () => {
  const { t, lang } = useI18n();
  const catalog = useCatalog();
  const [days, setDays] = useState(365);
  const [province, setProvince] = useState('');
  const [fraudType, setFraudType] = useState('');
  const [orgId, setOrgId] = useState('');
  const [auto, setAuto] = useState(true);
  const [charts, setCharts] = useState<ChartView[] | null>(null);
  const [demo, setDemo] = useState(false);
  const [updatedAt, setUpdatedAt] = useState<Date | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const to = Date.now();
      const body = asRecord(
        await get('/api/v1/awareness/dashboard', {
          from: periodStart(to, days),
          to,
          province,
          fraudType,
          orgId,
        }),
      );
      setCharts(asArray(body['charts']).flatMap((c) => parseChart(c) ?? []));
      setDemo(asRecord(body['summary'])['demo'] === true);
      setUpdatedAt(new Date());
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }, [days, province, fraudType, orgId]);

  useEffect(() => {
    void load();
  }, [load]);

  // Fetch the chart library while the numbers are on their way, not after they arrive.
  useEffect(() => {
    void import('../charts/echarts-setup.ts');
  }, []);

  useEffect(() => {
    if (!auto) return;
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [auto, load]);

  const firstMap = charts?.find((c) => c.display === 'map')?.id;
  return (
    <div className="page dashboard">
      <h2>{t('navDashboard')}</h2>
      {demo ? (
        <p className="banner demo" role="note">
          {t('demoData')}
        </p>
      ) : null}
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('period')}
          <select value={days} onChange={(e) => setDays(Number(e.target.value))} name="period">
            <option value={30}>{t('last30')}</option>
            <option value={90}>{t('last90')}</option>
            <option value={365}>{t('last365')}</option>
          </select>
        </label>
        <label>
          {t('region')}
          <select value={province} onChange={(e) => setProvince(e.target.value)} name="province">
            <option value="">{t('allRegions')}</option>
            {PROVINCES.map((p) => (
              <option key={p.en} value={p.en}>
                {lang === 'zh' ? p.zh : p.en}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('fraudType')}
          <select value={fraudType} onChange={(e) => setFraudType(e.target.value)} name="fraudType">
            <option value="">{t('allTypes')}</option>
            {catalog.fraudTypes.map((f) => (
              <option key={f.code} value={f.code}>
                {lang === 'zh' ? f.zh : f.en}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('org')}
          <select value={orgId} onChange={(e) => setOrgId(e.target.value)} name="org">
            <option value="">{t('allOrgs')}</option>
            {catalog.orgs.map((o) => (
              <option key={o.id} value={o.id} translate="no">
                {o.name}
              </option>
            ))}
          </select>
        </label>
        <label className="inline">
          <input type="checkbox" checked={auto} onChange={(e) => setAuto(e.target.checked)} />{' '}
          {t('autoRefresh')}
        </label>
        <button type="button" onClick={() => void load()}>
          {t('refresh')}
        </button>
        {updatedAt ? (
          <span className="muted small">
            {t('updated')} {updatedAt.toLocaleTimeString(lang === 'zh' ? 'zh-CN' : 'en-GB')}
          </span>
        ) : null}
      </form>
      {error ? <p className="error">{error}</p> : null}
      {charts === null ? <p>{t('loading')}</p> : null}
      <div className="charts">
        {charts?.map((c) => (
          // The time series and the first map span two columns; the second map sits beside two
          // narrow charts, so no row is left a third empty.
          <ChartPanel
            key={c.id}
            chart={c}
            wide={c.display === 'line' || (c.display === 'map' && c.id === firstMap)}
          />
        ))}
      </div>
    </div>
  );
};
