/**
 * 监测发现: SMS campaigns (templates mined from messages), the URL check and the call detectors' alerts,
 * as typed, translated tables. Each section shows "not available" when its engine's route is absent.
 */
import { useEffect, useState } from 'react';
import { ApiError, asArray, asRecord, getIfAvailable, num, optStr, request, str } from '../api.ts';
import { score, time } from '../format.tsx';
import { useI18n } from '../i18n.tsx';
import { DataTable, type Column } from '../table.tsx';

type Row = Record<string, unknown>;
type Load = { state: 'loading' | 'unavailable' | 'ready' | 'error'; rows: Row[]; error: string };

/** One engine's list: its rows, or "not available" when the engine is not on this server. */
const useEngineList = (path: string, field: string): Load => {
  const [load, setLoad] = useState<Load>({ state: 'loading', rows: [], error: '' });
  useEffect(() => {
    let cancelled = false;
    getIfAvailable(path, { limit: 100 })
      .then((b) => {
        if (cancelled) return;
        if (b === null) return setLoad({ state: 'unavailable', rows: [], error: '' });
        setLoad({ state: 'ready', rows: asArray(asRecord(b)[field]).map(asRecord), error: '' });
      })
      .catch((e: unknown) => {
        // A role the engine does not serve sees the section's "not available", not the API's refusal.
        if (e instanceof ApiError && e.status === 403) setLoad({ state: 'unavailable', rows: [], error: '' });
        else if (!cancelled)
          setLoad({ state: 'error', rows: [], error: e instanceof Error ? e.message : String(e) });
      });
    return () => {
      cancelled = true;
    };
  }, [path, field]);
  return load;
};

const Section = ({
  id,
  title,
  load,
  children,
}: {
  id: string;
  title: string;
  load: Load;
  children: React.ReactNode;
}) => {
  const { t } = useI18n();
  return (
    <section className="panel plugin" data-plugin={id} data-state={load.state}>
      <h3>{title}</h3>
      {load.state === 'loading' ? <p className="muted">{t('loading')}</p> : null}
      {load.state === 'unavailable' ? <p className="muted unavailable">{t('notAvailable')}</p> : null}
      {load.state === 'error' ? <p className="error">{load.error}</p> : null}
      {load.state === 'ready' && load.rows.length === 0 ? <p className="muted">{t('noData')}</p> : null}
      {load.state === 'ready' && load.rows.length > 0 ? children : null}
    </section>
  );
};

const SmsCampaigns = () => {
  const { t, lang, label } = useI18n();
  const load = useEngineList('/api/v1/sms/templates', 'items');
  const columns: ReadonlyArray<Column<Row>> = [
    {
      key: 'pattern',
      title: t('smsPattern'),
      render: (r) => (
        <span
          className="clip wide-clip"
          translate="no"
          title={asArray(r['samples'])
            .map((x) => str(x))
            .join('\n')}
        >
          {str(r['pattern'])}
        </span>
      ),
    },
    { key: 'count', title: t('messages'), render: (r) => num(r['count']), sortValue: (r) => num(r['count']) },
    {
      key: 'fraud',
      title: t('verdict_fraud'),
      render: (r) => num(r['fraudCount']),
      sortValue: (r) => num(r['fraudCount']),
    },
    {
      key: 'fraudType',
      title: t('fraudType'),
      render: (r) => (optStr(r['fraudType']) ? label(str(r['fraudType'])) : '—'),
    },
    {
      key: 'lastSeen',
      title: t('lastSeen'),
      render: (r) => time(Date.parse(str(r['lastSeen'])), lang),
      sortValue: (r) => str(r['lastSeen']),
    },
  ];
  return (
    <Section id="sms-templates" title={t('smsTemplates')} load={load}>
      <DataTable
        label={t('smsTemplates')}
        rows={load.rows}
        rowKey={(r) => str(r['id'])}
        columns={columns}
        paged={false}
      />
    </Section>
  );
};

const CallAlerts = () => {
  const { t, v, lang } = useI18n();
  const load = useEngineList('/api/v1/calls/alerts', 'alerts');
  const columns: ReadonlyArray<Column<Row>> = [
    {
      key: 'subject',
      title: t('value'),
      render: (r) => (
        <span className="mono" translate="no">
          {str(r['subject'])}
        </span>
      ),
    },
    {
      key: 'verdict',
      title: t('verdict'),
      render: (r) => (
        <span className={`badge v-${str(r['verdict'])}`}>{v('claimVerdict', str(r['verdict']))}</span>
      ),
      sortValue: (r) => str(r['verdict']),
    },
    {
      key: 'score',
      title: t('score'),
      render: (r) => score(num(r['score'])),
      sortValue: (r) => num(r['score']),
    },
    {
      key: 'reasons',
      title: t('reasons'),
      render: (r) =>
        asArray(r['reasons'])
          .map((x) => asRecord(x))
          .map((x) => (lang === 'en' ? str(x['message']) : v('callReason', str(x['code']))))
          .join('；'),
    },
    {
      key: 'detector',
      title: t('detector'),
      render: (r) => <code className="small">{str(r['detector'])}</code>,
    },
    {
      key: 'at',
      title: t('at'),
      render: (r) => time(num(asRecord(r['window'])['to']), lang),
      sortValue: (r) => num(asRecord(r['window'])['to']),
    },
  ];
  return (
    <Section id="call-alerts" title={t('callAlerts')} load={load}>
      <DataTable
        label={t('callAlerts')}
        rows={load.rows}
        rowKey={(r) => str(r['id'])}
        columns={columns}
        paged={false}
      />
    </Section>
  );
};

const UrlCheck = () => {
  const { t, v, label } = useI18n();
  const [url, setUrl] = useState('');
  const [result, setResult] = useState<Row | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [unavailable, setUnavailable] = useState(false);
  const check = async () => {
    setError(null);
    try {
      setResult(asRecord(await request('POST', '/api/v1/url/check', { url })));
    } catch (e) {
      if (e instanceof ApiError && e.status === 404 && /no route/.test(e.message)) setUnavailable(true);
      else setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <section
      className="panel plugin"
      data-plugin="url-check"
      data-state={unavailable ? 'unavailable' : 'ready'}
    >
      <h3>{t('urlCheck')}</h3>
      {unavailable ? <p className="muted unavailable">{t('notAvailable')}</p> : null}
      <form
        className="search"
        onSubmit={(e) => {
          e.preventDefault();
          void check();
        }}
      >
        <input
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          placeholder="https://…"
          aria-label={t('urlCheck')}
        />
        <button type="submit">{t('check')}</button>
      </form>
      {error ? <p className="error">{error}</p> : null}
      {result ? (
        <dl className="facts url-result" data-verdict={str(result['verdict'])}>
          <dt>{t('verdict')}</dt>
          <dd>
            <span className={`badge v-${str(result['verdict'])}`}>
              {v('urlVerdict', str(result['verdict']))}
            </span>
            {optStr(result['kind']) ? ` · ${v('urlKind', str(result['kind']))}` : ''}
          </dd>
          <dt>{t('score')}</dt>
          <dd>{score(num(result['score']))}</dd>
          {optStr(result['brand']) ? (
            <>
              <dt>{t('brandImitated')}</dt>
              <dd translate="no">{str(result['brand'])}</dd>
            </>
          ) : null}
          <dt>{t('attrRegistrable')}</dt>
          <dd className="mono" translate="no">
            {str(result['registrableDomain'], str(result['host']))}
          </dd>
          {optStr(result['fraudType']) ? (
            <>
              <dt>{t('fraudType')}</dt>
              <dd>{label(str(result['fraudType']))}</dd>
            </>
          ) : null}
          <dt>{t('reasons')}</dt>
          <dd>
            {/* The URL detector explains itself in English sentences: shown as the detector wrote them. */}
            <ul lang="en">
              {asArray(result['reasons']).map((x, i) => (
                <li key={i}>{str(x)}</li>
              ))}
            </ul>
          </dd>
        </dl>
      ) : null}
    </section>
  );
};

export const Detections = () => {
  const { t } = useI18n();
  return (
    <div className="page">
      <h2>{t('navDetections')}</h2>
      <SmsCampaigns />
      <UrlCheck />
      <CallAlerts />
    </div>
  );
};
