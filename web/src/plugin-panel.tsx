/**
 * A screen section fed by one engine's endpoint. A server may run without an engine (a role or a
 * deployment that leaves it out): when the route does not exist the panel says "not available"; when
 * it does, its `items` are shown
 * in a keyboard table with keyset paging, and past deadlines are highlighted.
 */
import { useEffect, useState } from 'react';
import { asArray, asRecord, getIfAvailable, isRecord, optStr, str } from './api.ts';
import { useI18n } from './i18n.tsx';
import { DataTable, useKeyset, type Column } from './table.tsx';

type Row = Record<string, unknown>;

/** Fields that hold a deadline in the engines' answers. */
const DEADLINE_FIELDS = ['deadline', 'dueAt', 'deadlineAt', 'slaDueAt', 'due_at'];
const TIME_FIELD = /(At|_at|deadline|Deadline)$/;
const MAX_COLUMNS = 8;

const cell = (key: string, v: unknown, lang: 'zh' | 'en'): string => {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number' && TIME_FIELD.test(key) && v > 1e11)
    return new Date(v).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB');
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v))
    return v
      .map((x) =>
        typeof x === 'string' || typeof x === 'number'
          ? String(x)
          : isRecord(x)
            ? str(x['value'] ?? x['display'] ?? x['text'], JSON.stringify(x))
            : '',
      )
      .join(', ');
  return JSON.stringify(v).slice(0, 120);
};

const FINISHED = ['done', 'closed', 'resolved', 'released', 'upheld', 'rejected'];

/** A deadline in the past on something not finished yet. */
export const overdue = (row: Row, now: number): boolean =>
  !FINISHED.includes(typeof row['status'] === 'string' ? row['status'] : '') &&
  DEADLINE_FIELDS.some((f) => {
    const v = row[f];
    return typeof v === 'number' && v < now;
  });

export const PluginPanel = ({
  cursorParam = 'after',
  title,
  path,
  query = {},
  id,
}: {
  title: string;
  path: string;
  query?: Record<string, string | number | undefined>;
  id: string;
  /** The query parameter that takes the previous answer's `nextCursor` (the engines use `after`). */
  cursorParam?: string;
}) => {
  const { t, lang } = useI18n();
  const [state, setState] = useState<'loading' | 'unavailable' | 'ready' | 'error'>('loading');
  const [rows, setRows] = useState<Row[]>([]);
  const [error, setError] = useState('');
  const [nextCursor, setNextCursor] = useState<string | undefined>();
  const pages = useKeyset();
  const queryKey = JSON.stringify(query);

  useEffect(() => {
    let cancelled = false;
    getIfAvailable(path, {
      ...(JSON.parse(queryKey) as Record<string, string | number | undefined>),
      limit: 50,
      cursor: pages.cursor,
    })
      .then((body) => {
        if (cancelled) return;
        if (body === null) return setState('unavailable');
        const b = asRecord(body);
        const items = Array.isArray(body)
          ? body
          : asArray(b['items'] ?? b['templates'] ?? b['alerts'] ?? b['results']);
        setRows(items.filter(isRecord));
        setNextCursor(optStr(b['nextCursor']));
        setState('ready');
      })
      .catch((e: unknown) => {
        if (cancelled) return;
        setError(e instanceof Error ? e.message : String(e));
        setState('error');
      });
    return () => {
      cancelled = true;
    };
  }, [path, queryKey, pages.cursor, cursorParam]);

  const now = Date.now();
  const keys = [...new Set(rows.slice(0, 20).flatMap((r) => Object.keys(r)))].slice(0, MAX_COLUMNS);
  const columns: Array<Column<Row>> = keys.map((k) => ({
    key: k,
    title: k,
    render: (r) => cell(k, r[k], lang),
    sortValue: (r) => {
      const v = r[k];
      return typeof v === 'number' ? v : cell(k, v, lang);
    },
  }));

  return (
    <section className="panel plugin" data-plugin={id} data-state={state}>
      <h3>{title}</h3>
      {state === 'loading' ? <p className="muted">{t('loading')}</p> : null}
      {state === 'unavailable' ? <p className="muted unavailable">{t('notAvailable')}</p> : null}
      {state === 'error' ? <p className="error">{error}</p> : null}
      {state === 'ready' ? (
        rows.length === 0 ? (
          <p className="muted">{t('noData')}</p>
        ) : (
          <DataTable
            label={title}
            rows={rows}
            rowKey={(r) => str(r['id'] ?? r['receipt'], JSON.stringify(r).slice(0, 80))}
            columns={columns}
            rowClass={(r) => (overdue(r, now) ? 'overdue' : undefined)}
            onNext={nextCursor ? () => pages.next(nextCursor) : undefined}
            onPrev={pages.prev}
          />
        )
      ) : null}
    </section>
  );
};
