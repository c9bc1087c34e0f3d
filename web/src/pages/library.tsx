/** 资源库: search any value as typed (a number with spaces, a URL), page through results by keyboard. */
import { useEffect, useState } from 'react';
import { asArray, asRecord, get, num, optStr, str } from '../api.ts';
import { time, score, Verdict } from '../format.tsx';
import { useI18n } from '../i18n.tsx';
import { navigate, useLocation } from '../router.ts';
import { DataTable, useKeyset } from '../table.tsx';

export interface ResourceRow {
  readonly id: number;
  readonly type: string;
  readonly normalized: string;
  readonly display: string;
  readonly verdict: string;
  readonly score: number;
  readonly status: string;
  readonly fraudType: string | null;
  readonly lastSeen: number;
}

export const parseResource = (v: unknown): ResourceRow => {
  const o = asRecord(v);
  return {
    id: num(o['id']),
    type: str(o['type']),
    normalized: str(o['normalized']),
    display: str(o['display']),
    verdict: str(o['verdict'], 'unknown'),
    score: num(o['score']),
    status: str(o['status']),
    fraudType: optStr(o['fraudType']) ?? null,
    lastSeen: num(o['lastSeen']),
  };
};

export const valueHref = (r: { type: string; normalized: string }): string =>
  `/app/library/value?${new URLSearchParams({ type: r.type, value: r.normalized }).toString()}`;

export const Library = () => {
  const { t, v, lang, label } = useI18n();
  const { query } = useLocation();
  const q = query.get('q') ?? '';
  const [text, setText] = useState(q);
  const [rows, setRows] = useState<ResourceRow[]>([]);
  const [nextCursor, setNextCursor] = useState<string | undefined>();
  const [error, setError] = useState<string | null>(null);
  const pages = useKeyset();
  const { reset } = pages;

  useEffect(() => reset(), [q, reset]);

  useEffect(() => {
    let cancelled = false;
    get('/api/v1/search', { q: q || undefined, limit: 50, cursor: pages.cursor })
      .then((body) => {
        if (cancelled) return;
        const b = asRecord(body);
        setRows(asArray(b['items']).map(parseResource));
        setNextCursor(optStr(b['nextCursor']));
        setError(null);
      })
      .catch((e: unknown) => !cancelled && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      cancelled = true;
    };
  }, [q, pages.cursor]);

  return (
    <div className="page">
      <h2>{t('navLibrary')}</h2>
      <form
        className="search"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          navigate(`/app/library?${new URLSearchParams({ q: text }).toString()}`);
        }}
      >
        <input
          name="q"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={t('searchPlaceholder')}
          aria-label={t('search')}
        />
        <button type="submit">{t('search')}</button>
      </form>
      {error ? <p className="error">{error}</p> : null}
      <DataTable
        label={t('navLibrary')}
        rows={rows}
        rowKey={(r) => String(r.id)}
        onOpen={(r) => navigate(valueHref(r))}
        onNext={nextCursor ? () => pages.next(nextCursor) : undefined}
        onPrev={pages.prev}
        columns={[
          {
            key: 'type',
            title: t('type'),
            render: (r) => v('resourceType', r.type),
            sortValue: (r) => r.type,
          },
          {
            key: 'value',
            title: t('value'),
            render: (r) => (
              <a
                href={valueHref(r)}
                onClick={(e) => {
                  e.preventDefault();
                  navigate(valueHref(r));
                }}
                translate="no"
              >
                {r.display}
              </a>
            ),
            sortValue: (r) => r.display,
          },
          {
            key: 'verdict',
            title: t('verdict'),
            render: (r) => <Verdict verdict={r.verdict} />,
            sortValue: (r) => r.verdict,
          },
          { key: 'score', title: t('score'), render: (r) => score(r.score), sortValue: (r) => r.score },
          {
            key: 'fraudType',
            title: t('fraudType'),
            render: (r) => (r.fraudType ? label(r.fraudType) : '—'),
          },
          {
            key: 'status',
            title: t('status'),
            render: (r) => v('lifecycle', r.status),
            sortValue: (r) => r.status,
          },
          {
            key: 'lastSeen',
            title: t('lastSeen'),
            render: (r) => time(r.lastSeen, lang),
            sortValue: (r) => r.lastSeen,
          },
        ]}
      />
    </div>
  );
};
