/** One value: verdict, score explained, claims, sightings, links drawn as a small graph, lifecycle history. */
import { useEffect, useRef, useState } from 'react';
import { ApiError, asArray, asRecord, get, num, str } from '../api.ts';
import { score, time, Verdict } from '../format.tsx';
import { useI18n } from '../i18n.tsx';
import { sayReason } from '../reasons.ts';
import { ActorName, OrgName } from '../work/common.tsx';
import { ValueActions } from './value-actions.tsx';
import { navigate, useLocation } from '../router.ts';
import { parseResource, valueHref, type ResourceRow } from './library.tsx';

interface Link {
  readonly kind: string;
  readonly direction: string;
  readonly other: ResourceRow;
}

const LinkGraph = ({ center, links }: { center: ResourceRow; links: readonly Link[] }) => {
  const el = useRef<HTMLDivElement>(null);
  const { v } = useI18n();
  useEffect(() => {
    const node = el.current;
    if (!node || links.length === 0) return;
    let disposed = false;
    let dispose = () => {};
    void import('../charts/echarts-setup.ts').then((m) => {
      if (disposed) return;
      const chart = m.init(node);
      dispose = () => chart.dispose();
      const colour = (v: string) =>
        v === 'fraud' ? '#c23531' : v === 'suspicious' ? '#e6a23c' : v === 'allowed' ? '#3ba272' : '#8d98b3';
      chart.setOption({
        tooltip: {},
        series: [
          {
            type: 'graph',
            layout: 'force',
            roam: true,
            force: { repulsion: 220, edgeLength: 90 },
            label: { show: true, fontSize: 11 },
            edgeLabel: {
              show: true,
              fontSize: 10,
              formatter: (x: { data: { kind: string } }) => v('linkKind', x.data.kind),
            },
            edgeSymbol: ['none', 'arrow'],
            data: [
              {
                id: String(center.id),
                name: center.display,
                symbolSize: 36,
                itemStyle: { color: colour(center.verdict) },
              },
              ...links.map((l) => ({
                id: String(l.other.id),
                name: l.other.display,
                symbolSize: 22,
                itemStyle: { color: colour(l.other.verdict) },
                value: `${l.other.type}/${l.other.normalized || l.other.display}`,
              })),
            ],
            links: links.map((l) =>
              l.direction === 'out'
                ? { source: String(center.id), target: String(l.other.id), kind: l.kind }
                : { source: String(l.other.id), target: String(center.id), kind: l.kind },
            ),
          },
        ],
      });
      chart.on('dblclick', (p: { data?: unknown }) => {
        const v = str(asRecord(p.data)['value']);
        const [type = '', ...rest] = v.split('/');
        if (type && rest.length > 0) navigate(valueHref({ type, normalized: rest.join('/') }));
      });
    });
    return () => {
      disposed = true;
      dispose();
    };
  }, [center, links, v]);
  return <div ref={el} className="graph" data-links={links.length} />;
};

export const ValuePage = () => {
  const { t, v, lang, label } = useI18n();
  const { query } = useLocation();
  const [tick, setTick] = useState(0);
  const type = query.get('type') ?? '';
  const value = query.get('value') ?? '';
  const [data, setData] = useState<Record<string, unknown> | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    setData(null);
    get('/api/v1/values', { type, value })
      .then((b) => !cancelled && setData(asRecord(b)))
      .catch(
        (e: unknown) =>
          !cancelled &&
          setError(
            e instanceof ApiError && e.status === 404
              ? t('notFoundValue')
              : e instanceof Error
                ? e.message
                : String(e),
          ),
      );
    return () => {
      cancelled = true;
    };
  }, [type, value, t, tick]);

  if (error) return <p className="error page">{error}</p>;
  if (!data) return <p className="page">{t('loading')}</p>;
  const r = parseResource(data['resource']);
  const explanation = asRecord(data['explanation']);
  const attributes = Object.entries(asRecord(asRecord(data['resource'])['attributes']));
  const links: Link[] = asArray(data['links']).map((l) => {
    const o = asRecord(l);
    return { kind: str(o['kind']), direction: str(o['direction']), other: parseResource(o['other']) };
  });

  return (
    <div className="page value">
      <p>
        <button type="button" className="link" onClick={() => history.back()}>
          ← {t('back')}
        </button>
      </p>
      <h2>
        <span className="muted">{v('resourceType', r.type)}</span> <span translate="no">{r.display}</span>{' '}
        <Verdict verdict={r.verdict} />
      </h2>
      <dl className="facts">
        <dt>{t('score')}</dt>
        <dd>{score(r.score)}</dd>
        <dt>{t('status')}</dt>
        <dd>{v('lifecycle', r.status)}</dd>
        <dt>{t('fraudType')}</dt>
        <dd>{r.fraudType ? label(r.fraudType) : '—'}</dd>
        {data['allowListed'] ? (
          <>
            <dt>{t('allowListed')}</dt>
            <dd translate="no">{str(asRecord(data['allowListed'])['label'])}</dd>
          </>
        ) : null}
        {attributes.map(([k, x]) => (
          <FactRow key={k} name={v('attribute', k)} value={v('attrValue', str(x, String(x)))} />
        ))}
      </dl>

      <ValueActions
        type={r.type}
        value={r.normalized}
        status={r.status}
        pinned={
          asRecord(data['resource'])['pinned'] !== null && asRecord(data['resource'])['pinned'] !== undefined
        }
        allowListed={Boolean(data['allowListed'])}
        onDone={() => setTick((n) => n + 1)}
      />

      <section className="panel">
        <h3>{t('explanation')}</h3>
        <ul>
          {asArray(explanation['reasons']).map((x, i) => (
            <li key={i}>{sayReason(str(x), lang)}</li>
          ))}
        </ul>
        <table className="data compact">
          <thead>
            <tr>
              <th>{t('org')}</th>
              <th>{t('verdict')}</th>
              <th>{t('confidence')}</th>
              <th>{t('decay')}</th>
              <th>{t('weight')}</th>
            </tr>
          </thead>
          <tbody>
            {asArray(explanation['contributions']).map((c, i) => {
              const o = asRecord(c);
              return (
                <tr key={i} className={o['counted'] === false ? 'muted' : undefined}>
                  <td>
                    <OrgName id={str(o['orgId'])} />
                  </td>
                  <td>{v('claimVerdict', str(o['verdict']))}</td>
                  <td>{num(o['confidence']).toFixed(2)}</td>
                  <td>{num(o['decay']).toFixed(2)}</td>
                  <td>{num(o['weight']).toFixed(3)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>

      <section className="panel">
        <h3>{t('claims')}</h3>
        <table className="data compact">
          <thead>
            <tr>
              <th>{t('org')}</th>
              <th>{t('verdict')}</th>
              <th>{t('fraudType')}</th>
              <th>{t('confidence')}</th>
              <th>{t('source')}</th>
              <th>{t('at')}</th>
            </tr>
          </thead>
          <tbody>
            {asArray(data['claims']).map((c, i) => {
              const o = asRecord(c);
              return (
                <tr key={i}>
                  <td>
                    <OrgName id={str(o['orgId'])} />
                  </td>
                  <td>{v('claimVerdict', str(o['verdict']))}</td>
                  <td>{o['fraudType'] ? label(str(o['fraudType'])) : '—'}</td>
                  <td>{num(o['confidence']).toFixed(2)}</td>
                  <td translate="no">{str(o['source'])}</td>
                  <td>{time(num(o['createdAt']), lang)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>

      <section className="panel">
        <h3>{t('sightings')}</h3>
        {asArray(data['sightings']).length === 0 ? <p className="muted">{t('noData')}</p> : null}
        <ul>
          {asArray(data['sightings']).map((s, i) => {
            const o = asRecord(s);
            return (
              <li key={i}>
                {time(num(o['at']), lang)} · {v('sightingKind', str(o['kind']))} ·{' '}
                <OrgName id={str(o['orgId'])} />{' '}
                {o['note'] ? <span translate="no">· {str(o['note'])}</span> : null}
              </li>
            );
          })}
        </ul>
      </section>

      <section className="panel">
        <h3>
          {t('links')} ({links.length})
        </h3>
        {links.length > 0 ? <LinkGraph center={r} links={links} /> : <p className="muted">{t('noData')}</p>}
      </section>

      <section className="panel">
        <h3>{t('history')}</h3>
        <ol className="history">
          {asArray(data['history']).map((h, i) => {
            const o = asRecord(h);
            return (
              <li key={i}>
                <span className="muted">{time(num(o['at']), lang)}</span>{' '}
                <b>{v('auditAction', str(o['action']))}</b> · <ActorName actor={str(o['actor'])} /> (
                <OrgName id={str(o['orgId'])} />){' '}
                {o['reason'] ? <span translate="no">— {str(o['reason'])}</span> : null}
              </li>
            );
          })}
        </ol>
      </section>
    </div>
  );
};

const FactRow = ({ name, value }: { name: string; value: string }) => (
  <>
    <dt>{name}</dt>
    <dd translate="no">{value}</dd>
  </>
);
