/** 系统管理: organisations, users, API keys and the taxonomy, through the access API. */
import { useCallback, useEffect, useState } from 'react';
import { asArray, asRecord, get, post, request, str } from '../api.ts';
import { useCatalog } from '../catalog.tsx';
import { useI18n } from '../i18n.tsx';
import type { Me } from '../api.ts';
import { DataTable, type Column } from '../table.tsx';

const ROLES = ['admin', 'analyst', 'reporter', 'viewer'] as const;

type Row = Record<string, unknown>;

/** A sortable column showing one field of the API's rows as text. */
const textColumn = (field: string, title: string): Column<Row> => ({
  key: field,
  title,
  render: (r) => str(r[field]),
  sortValue: (r) => str(r[field]),
});

const useList = (path: string) => {
  const [items, setItems] = useState<Array<Record<string, unknown>>>([]);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(() => {
    get(path)
      .then((b) => setItems(asArray(asRecord(b)['items']).map(asRecord)))
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [path]);
  useEffect(reload, [reload]);
  return { items, error, reload, setError };
};

export const Admin = ({ me }: { me: Me }) => {
  const { t, lang } = useI18n();
  const catalog = useCatalog();
  const orgs = useList('/api/v1/orgs');
  const users = useList('/api/v1/users');
  const keys = useList('/api/v1/apikeys');
  const [secret, setSecret] = useState<string | null>(null);
  const [form, setForm] = useState({
    username: '',
    password: '',
    role: 'viewer',
    orgId: me.orgId,
    keyName: '',
    keyRole: 'analyst',
  });

  return (
    <div className="page">
      <h2>{t('navAdmin')}</h2>
      <section className="panel">
        <h3>{t('orgs')}</h3>
        <DataTable
          label={t('orgs')}
          paged={false}
          rows={orgs.items}
          rowKey={(o) => str(o['id'])}
          columns={[textColumn('id', 'id'), textColumn('name', t('name')), textColumn('kind', t('kind'))]}
        />
      </section>

      <section className="panel">
        <h3>{t('users')}</h3>
        {users.error ? <p className="error">{users.error}</p> : null}
        <DataTable
          label={t('users')}
          paged={false}
          rows={users.items}
          rowKey={(u) => str(u['id'])}
          columns={[
            textColumn('username', t('username')),
            textColumn('displayName', t('name')),
            textColumn('role', t('role')),
            textColumn('orgId', t('org')),
          ]}
        />
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            post('/api/v1/users', {
              orgId: form.orgId,
              username: form.username,
              password: form.password,
              role: form.role,
            })
              .then(() => users.reload())
              .catch((x: unknown) => users.setError(x instanceof Error ? x.message : String(x)));
          }}
        >
          <input
            placeholder={t('username')}
            value={form.username}
            onChange={(e) => setForm({ ...form, username: e.target.value })}
          />
          <input
            type="password"
            placeholder={t('password')}
            value={form.password}
            onChange={(e) => setForm({ ...form, password: e.target.value })}
          />
          <select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value })}>
            {ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
          <select value={form.orgId} onChange={(e) => setForm({ ...form, orgId: e.target.value })}>
            {catalog.orgs.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
          <button type="submit">{t('create')}</button>
        </form>
      </section>

      <section className="panel">
        <h3>{t('apiKeys')}</h3>
        {keys.error ? <p className="error">{keys.error}</p> : null}
        {secret ? (
          <p className="ok">
            {t('secretOnce')} <code>{secret}</code>
          </p>
        ) : null}
        <DataTable
          label={t('apiKeys')}
          paged={false}
          rows={keys.items}
          rowKey={(k) => str(k['id'])}
          rowClass={(k) => (k['revokedAt'] ? 'muted' : undefined)}
          columns={[
            textColumn('name', t('name')),
            { key: 'prefix', title: 'prefix', render: (k) => <code>{str(k['prefix'])}</code> },
            textColumn('role', t('role')),
            textColumn('orgId', t('org')),
            {
              key: 'revoke',
              title: '',
              render: (k) =>
                k['revokedAt'] ? null : (
                  <button
                    type="button"
                    onClick={() =>
                      void request('DELETE', `/api/v1/apikeys/${encodeURIComponent(str(k['id']))}`).then(
                        keys.reload,
                      )
                    }
                  >
                    {t('revoke')}
                  </button>
                ),
            },
          ]}
        />
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            post('/api/v1/apikeys', { orgId: form.orgId, name: form.keyName, role: form.keyRole })
              .then((b) => {
                setSecret(str(asRecord(b)['key']));
                keys.reload();
              })
              .catch((x: unknown) => keys.setError(x instanceof Error ? x.message : String(x)));
          }}
        >
          <input
            placeholder={t('name')}
            value={form.keyName}
            onChange={(e) => setForm({ ...form, keyName: e.target.value })}
          />
          <select value={form.keyRole} onChange={(e) => setForm({ ...form, keyRole: e.target.value })}>
            {ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
          <button type="submit">{t('create')}</button>
        </form>
      </section>

      <section className="panel">
        <h3>{t('taxonomy')}</h3>
        <table className="data compact">
          <tbody>
            {catalog.fraudTypes.map((f) => (
              <tr key={f.code}>
                <td>
                  <code>{f.code}</code>
                </td>
                <td>{lang === 'zh' ? f.zh : f.en}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
};
