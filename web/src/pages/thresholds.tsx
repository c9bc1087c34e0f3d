/**
 * 研判阈值: the library's verdict thresholds in force; for the regulator, a proposed set compared with
 * them in shadow mode (how many values, and which, would change verdict, per type and per verdict) and
 * applied nationally with a reason.
 */
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { asArray, asRecord, get, num, post, request, str } from '../api.ts';
import { score, Verdict } from '../format.tsx';
import { useI18n } from '../i18n.tsx';
import { ReasonArea, SendButton, useAction } from '../work/common.tsx';

interface Thresholds {
  readonly fraud: number;
  readonly suspicious: number;
}

interface Shadow {
  readonly evaluated: number;
  readonly changed: number;
  readonly changedPublic: number;
  readonly transitions: ReadonlyArray<{ type: string; from: string; to: string; count: number }>;
  readonly sample: ReadonlyArray<{ type: string; value: string; score: number; from: string; to: string }>;
}

const PATH = '/api/v1/settings/thresholds';

const parseThresholds = (v: unknown): Thresholds => {
  const o = asRecord(v);
  return { fraud: num(o['fraud']), suspicious: num(o['suspicious']) };
};

const parseShadow = (v: unknown): Shadow => {
  const o = asRecord(v);
  return {
    evaluated: num(o['evaluated']),
    changed: num(o['changed']),
    changedPublic: num(o['changedPublic']),
    transitions: asArray(o['transitions']).map((x) => {
      const t = asRecord(x);
      return { type: str(t['type']), from: str(t['from']), to: str(t['to']), count: num(t['count']) };
    }),
    sample: asArray(o['sample']).map((x) => {
      const t = asRecord(x);
      return {
        type: str(t['type']),
        value: str(t['value']),
        score: num(t['score']),
        from: str(t['from']),
        to: str(t['to']),
      };
    }),
  };
};

const ScoreField = ({
  label,
  name,
  value,
  onChange,
}: {
  label: string;
  name: string;
  value: string;
  onChange: (v: string) => void;
}) => (
  <label>
    {label}
    <input
      type="number"
      name={name}
      min="0.01"
      max="1"
      step="0.01"
      required
      value={value}
      onChange={(e) => onChange(e.target.value)}
    />
  </label>
);

/** A small read-only table: a header row and rows of cells. */
const Table = ({
  head,
  rows,
  testId,
}: {
  head: readonly string[];
  rows: ReadonlyArray<{ key: string; cells: readonly ReactNode[] }>;
  testId?: string;
}) => (
  <table className="data compact" data-testid={testId}>
    <thead>
      <tr>
        {head.map((h) => (
          <th key={h}>{h}</th>
        ))}
      </tr>
    </thead>
    <tbody>
      {rows.map((r) => (
        <tr key={r.key}>
          {r.cells.map((c, i) => (
            <td key={i}>{c}</td>
          ))}
        </tr>
      ))}
    </tbody>
  </table>
);

const Comparison = ({ shadow }: { shadow: Shadow }) => {
  const { t, v } = useI18n();
  return (
    <div data-testid="shadow-result">
      <p>
        {t('shadowSummary', {
          changed: shadow.changed,
          evaluated: shadow.evaluated,
          pub: shadow.changedPublic,
        })}
      </p>
      {shadow.transitions.length > 0 ? (
        <Table
          head={[t('type_label'), t('verdictFrom'), t('verdictTo'), t('valuesCount')]}
          rows={shadow.transitions.map((x) => ({
            key: `${x.type}:${x.from}:${x.to}`,
            cells: [
              v('resourceType', x.type),
              <Verdict verdict={x.from} />,
              <Verdict verdict={x.to} />,
              x.count,
            ],
          }))}
        />
      ) : null}
      {shadow.sample.length > 0 ? (
        <>
          <h4>{t('shadowSample')}</h4>
          <Table
            testId="shadow-sample"
            head={[t('type_label'), t('value'), t('score'), t('verdictFrom'), t('verdictTo')]}
            rows={shadow.sample.map((x) => ({
              key: `${x.type}:${x.value}`,
              cells: [
                v('resourceType', x.type),
                <span className="mono" translate="no">
                  {x.value}
                </span>,
                score(x.score),
                <Verdict verdict={x.from} />,
                <Verdict verdict={x.to} />,
              ],
            }))}
          />
        </>
      ) : null}
    </div>
  );
};

export const ThresholdsSection = ({ canWrite }: { canWrite: boolean }) => {
  const { t } = useI18n();
  const [current, setCurrent] = useState<Thresholds | null>(null);
  const [defaults, setDefaults] = useState<Thresholds | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [form, setForm] = useState({ fraud: '', suspicious: '' });
  const [reason, setReason] = useState('');
  const [shadow, setShadow] = useState<Shadow | null>(null);
  const compare = useAction();
  const apply = useAction();
  const load = useCallback(() => {
    get(PATH)
      .then((b) => {
        const now = parseThresholds(asRecord(b)['thresholds']);
        setCurrent(now);
        setDefaults(parseThresholds(asRecord(b)['defaults']));
        setForm({ fraud: String(now.fraud), suspicious: String(now.suspicious) });
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, []);
  useEffect(load, [load]);
  const proposed = { fraud: Number(form.fraud), suspicious: Number(form.suspicious) };
  return (
    <section className="panel" data-section="thresholds">
      <h3>{t('thresholds')}</h3>
      {error ? <p className="error">{error}</p> : null}
      {current ? (
        <p data-testid="thresholds-current">
          {t('thresholdsInForce', { fraud: score(current.fraud), suspicious: score(current.suspicious) })}
          {defaults ? (
            <span className="muted small">
              {' '}
              (
              {t('thresholdsDefaults', {
                fraud: score(defaults.fraud),
                suspicious: score(defaults.suspicious),
              })}
              )
            </span>
          ) : null}
        </p>
      ) : null}
      {canWrite && current ? (
        <>
          <form
            className="decision inline"
            data-testid="shadow-form"
            onSubmit={(e) => {
              e.preventDefault();
              void compare.run(
                async () => setShadow(parseShadow(await post(`${PATH}/shadow`, proposed))),
                t('shadowDone'),
              );
            }}
          >
            <ScoreField
              label={t('fraudThreshold')}
              name="fraud"
              value={form.fraud}
              onChange={(x) => (setForm({ ...form, fraud: x }), setShadow(null))}
            />
            <ScoreField
              label={t('suspiciousThreshold')}
              name="suspicious"
              value={form.suspicious}
              onChange={(x) => (setForm({ ...form, suspicious: x }), setShadow(null))}
            />
            <SendButton action={compare} label={t('shadowCompare')} />
          </form>
          {shadow ? <Comparison shadow={shadow} /> : null}
          {shadow ? (
            <form
              className="decision"
              data-testid="thresholds-apply"
              onSubmit={(e) => {
                e.preventDefault();
                void apply
                  .run(() => request('PUT', PATH, { ...proposed, reason }), t('saved'))
                  .then((ok) => {
                    if (!ok) return;
                    setShadow(null);
                    setReason('');
                    load();
                  });
              }}
            >
              <ReasonArea value={reason} onChange={setReason} />
              <SendButton action={apply} label={t('thresholdsApply')} />
            </form>
          ) : (
            apply.view
          )}
        </>
      ) : null}
    </section>
  );
};
