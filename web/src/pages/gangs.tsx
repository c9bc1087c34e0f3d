/**
 * 团伙挖掘: the gangs the graph finds, by score, and one gang drawn as a force-directed graph (ECharts,
 * loaded on demand) with its members coloured by role. `data-nodes` on the drawing tells tests and
 * screen readers how much it shows.
 */
import { useEffect, useRef, useState } from 'react';
import { ApiError, asArray, asRecord, get, num, str } from '../api.ts';
import type { ChartInstance } from '../charts/echarts-setup.ts';
import { useI18n } from '../i18n.tsx';

interface GangRow {
  readonly id: string;
  readonly score: number;
  readonly size: number;
  readonly roles: Record<string, number>;
  readonly fraudTypes: string[];
  readonly lastAt: number | null;
}
interface GangGraphView {
  readonly nodes: Array<{ key: string; role: string; verdict: string }>;
  readonly edges: Array<{ from: string; to: string; weight: number; kinds: string }>;
}

const parseGangs = (v: unknown): GangRow[] =>
  asArray(asRecord(v)['gangs']).map((g) => {
    const o = asRecord(g);
    const members = asRecord(o['members']);
    return {
      id: str(o['id']),
      score: num(o['score']),
      size: num(o['size']),
      roles: Object.fromEntries(Object.entries(members).map(([k, list]) => [k, asArray(list).length])),
      fraudTypes: asArray(o['fraudTypes']).map((x) => str(x)),
      lastAt: typeof o['lastAt'] === 'number' ? o['lastAt'] : null,
    };
  });

const parseGraph = (v: unknown): GangGraphView => {
  const o = asRecord(v);
  return {
    nodes: asArray(o['nodes']).map((n) => {
      const r = asRecord(n);
      return { key: str(r['key']), role: str(r['role']), verdict: str(r['verdict']) };
    }),
    edges: asArray(o['edges']).map((e) => {
      const r = asRecord(e);
      const kinds = [...new Set(asArray(r['evidence']).map((x) => str(asRecord(x)['kind'])))].join(', ');
      return { from: str(r['from']), to: str(r['to']), weight: num(r['weight']), kinds };
    }),
  };
};

const GangDrawing = ({ graph }: { graph: GangGraphView }) => {
  const el = useRef<HTMLDivElement>(null);
  const [drawn, setDrawn] = useState(false);
  useEffect(() => {
    let chart: ChartInstance | undefined;
    let cancelled = false;
    const node = el.current;
    if (!node) return;
    void import('../charts/echarts-setup.ts').then((m) => {
      if (cancelled) return;
      chart = m.init(node);
      const roles = [...new Set(graph.nodes.map((n) => n.role))];
      chart.setOption({
        tooltip: {},
        legend: { data: roles },
        series: [
          {
            type: 'graph',
            layout: 'force',
            roam: true,
            animation: false,
            force: { repulsion: 120, edgeLength: 60 },
            categories: roles.map((name) => ({ name })),
            data: graph.nodes.map((n) => ({
              id: n.key,
              name: n.key,
              category: roles.indexOf(n.role),
              symbolSize: n.verdict === 'fraud' || n.verdict === 'suspicious' ? 18 : 10,
            })),
            links: graph.edges.map((e) => ({
              source: e.from,
              target: e.to,
              value: e.weight,
              tooltip: { formatter: e.kinds },
            })),
          },
        ],
      });
      setDrawn(true);
    });
    return () => {
      cancelled = true;
      chart?.dispose();
    };
  }, [graph]);
  return (
    <div
      ref={el}
      className="gang-graph"
      style={{ height: 480 }}
      data-testid="gang-graph"
      data-drawn={drawn ? 'yes' : 'no'}
      data-nodes={graph.nodes.length}
    />
  );
};

export const Gangs = () => {
  const { t, label } = useI18n();
  const [gangs, setGangs] = useState<GangRow[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [selected, setSelected] = useState<string | undefined>();
  const [graph, setGraph] = useState<GangGraphView | undefined>();

  useEffect(() => {
    get('/api/v1/gangs')
      .then((v) => setGangs(parseGangs(v)))
      .catch((e: unknown) => setError(e instanceof ApiError ? e.message : String(e)));
  }, []);
  useEffect(() => {
    if (!selected) return;
    setGraph(undefined);
    get(`/api/v1/gangs/${selected}`)
      .then((v) => setGraph(parseGraph(v)))
      .catch((e: unknown) => setError(e instanceof ApiError ? e.message : String(e)));
  }, [selected]);

  return (
    <div className="page">
      <h2>{t('navGangs')}</h2>
      {error ? <p className="error">{error}</p> : null}
      {gangs && gangs.length === 0 ? <p>{t('noGangs')}</p> : null}
      {gangs && gangs.length > 0 ? (
        <table data-testid="gangs">
          <thead>
            <tr>
              <th>{t('gang')}</th>
              <th>{t('gangScore')}</th>
              <th>{t('gangSize')}</th>
              <th>{t('gangMembers')}</th>
              <th>{t('fraudType')}</th>
              <th>{t('gangLastActivity')}</th>
            </tr>
          </thead>
          <tbody>
            {gangs.map((g) => (
              <tr key={g.id} className={g.id === selected ? 'selected' : undefined}>
                <td>
                  <button type="button" onClick={() => setSelected(g.id)}>
                    {g.id}
                  </button>
                </td>
                <td>{g.score.toFixed(2)}</td>
                <td>{g.size}</td>
                <td>
                  {Object.entries(g.roles)
                    .map(([role, n]) => `${role} ${n}`)
                    .join(' · ')}
                </td>
                <td>{g.fraudTypes.map((f) => label(f)).join(', ')}</td>
                <td>{g.lastAt ? new Date(g.lastAt).toLocaleString() : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {graph ? <GangDrawing graph={graph} /> : null}
    </div>
  );
};
