/**
 * 系统管理: organisations (the platform's administrators create them), users, API keys, protected
 * brands and the fraud taxonomy, through the access and brands APIs; names and codes translated.
 */
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { asArray, asRecord, get, post, request, str } from '../api.ts';
import { useCatalog } from '../catalog.tsx';
import { time } from '../format.tsx';
import { useI18n, type VocabGroup } from '../i18n.tsx';
import type { Me } from '../api.ts';
import { DataTable, type Column } from '../table.tsx';
import { ActionForm, CodeField, FraudTypeField, OrgName, TextField, useFields } from '../work/common.tsx';
import { ThresholdsSection } from './thresholds.tsx';

type Row = Record<string, unknown>;

const useList = (path: string) => {
  const [items, setItems] = useState<Row[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [ready, setReady] = useState(false);
  const reload = useCallback(() => {
    get(path)
      .then((b) => {
        setItems(asArray(asRecord(b)['items']).map(asRecord));
        setReady(true);
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [path]);
  useEffect(reload, [reload]);
  return { items, error, ready, reload };
};

/** Data shown as it is (names, ids): not translated. */
const Raw = ({ children }: { children: ReactNode }) => <span translate="no">{children}</span>;

/** A sortable column of one field shown as data. */
const rawColumn = (field: string, title: string): Column<Row> => ({
  key: field,
  title,
  render: (r) => <Raw>{str(r[field])}</Raw>,
  sortValue: (r) => str(r[field]),
});

/** A sortable column of one field holding a code, shown translated. */
const codeColumn = (
  field: string,
  title: string,
  group: VocabGroup,
  v: (g: VocabGroup, c: string) => string,
): Column<Row> => ({
  key: field,
  title,
  render: (r) => v(group, str(r[field])),
  sortValue: (r) => str(r[field]),
});

const Section = ({ id, title, children }: { id: string; title: string; children: ReactNode }) => (
  <section className="panel" data-section={id}>
    <h3>{title}</h3>
    {children}
  </section>
);

const Orgs = ({ canCreate }: { canCreate: boolean }) => {
  const { t, v } = useI18n();
  const orgs = useList('/api/v1/orgs');
  const { form, bind } = useFields({ id: '', name: '', kind: 'operator', region: '' });
  const columns: ReadonlyArray<Column<Row>> = [
    rawColumn('name', t('name')),
    codeColumn('kind', t('kind'), 'orgKind', v),
    { key: 'region', title: t('region'), render: (o) => <Raw>{str(o['region']) || '—'}</Raw> },
    { key: 'id', title: t('identifier'), render: (o) => <code>{str(o['id'])}</code> },
  ];
  return (
    <Section id="orgs" title={t('orgs')}>
      <DataTable
        label={t('orgs')}
        paged={false}
        rows={orgs.items}
        rowKey={(o) => str(o['id'])}
        columns={columns}
      />
      {canCreate ? (
        <ActionForm
          inline
          testId="create-org"
          label={t('create')}
          send={() =>
            post('/api/v1/orgs', {
              name: form.name,
              kind: form.kind,
              ...(form.id ? { id: form.id } : {}),
              ...(form.region ? { region: form.region } : {}),
            })
          }
          done={orgs.reload}
        >
          <TextField label={t('name')} required {...bind('name')} />
          <CodeField label={t('kind')} group="orgKind" {...bind('kind')} />
          <TextField label={t('identifier')} placeholder="org_…" {...bind('id')} />
          <TextField label={t('region')} {...bind('region')} />
        </ActionForm>
      ) : null}
    </Section>
  );
};

const Users = ({ me }: { me: Me }) => {
  const { t, v, lang } = useI18n();
  const { orgs } = useCatalog();
  const users = useList('/api/v1/users');
  const { form, setForm, bind } = useFields({
    username: '',
    displayName: '',
    password: '',
    role: 'viewer',
    orgId: me.orgId,
  });
  const columns: ReadonlyArray<Column<Row>> = [
    rawColumn('displayName', t('name')),
    rawColumn('username', t('username')),
    codeColumn('role', t('role'), 'role', v),
    {
      key: 'org',
      title: t('org'),
      render: (u) => <OrgName id={str(u['orgId'])} />,
      sortValue: (u) => str(u['orgId']),
    },
    {
      key: 'created',
      title: t('createdAt'),
      render: (u) => time(Number(u['createdAt'] ?? 0), lang),
      sortValue: (u) => Number(u['createdAt'] ?? 0),
    },
  ];
  return (
    <Section id="users" title={t('users')}>
      {users.error ? <p className="error">{users.error}</p> : null}
      <DataTable
        label={t('users')}
        paged={false}
        rows={users.items}
        rowKey={(u) => str(u['id'])}
        columns={columns}
      />
      <ActionForm
        inline
        label={t('create')}
        send={() =>
          post('/api/v1/users', {
            orgId: form.orgId,
            username: form.username,
            password: form.password,
            role: form.role,
            ...(form.displayName ? { displayName: form.displayName } : {}),
          })
        }
        done={users.reload}
      >
        <TextField label={t('username')} required {...bind('username')} />
        <TextField label={t('name')} {...bind('displayName')} />
        <TextField label={t('password')} type="password" required {...bind('password')} />
        <CodeField label={t('role')} group="role" {...bind('role')} />
        <label>
          {t('org')}
          <select value={form.orgId} onChange={(e) => setForm({ ...form, orgId: e.target.value })}>
            {orgs.map((o) => (
              <option key={o.id} value={o.id} translate="no">
                {o.name}
              </option>
            ))}
          </select>
        </label>
      </ActionForm>
    </Section>
  );
};

const Keys = ({ me }: { me: Me }) => {
  const { t, v } = useI18n();
  const keys = useList('/api/v1/apikeys');
  const [secret, setSecret] = useState<string | null>(null);
  const { form, bind } = useFields({ name: '', role: 'analyst' });
  const columns: ReadonlyArray<Column<Row>> = [
    rawColumn('name', t('name')),
    { key: 'prefix', title: t('keyPrefix'), render: (k) => <code>{str(k['prefix'])}</code> },
    { key: 'role', title: t('role'), render: (k) => v('role', str(k['role'])) },
    { key: 'org', title: t('org'), render: (k) => <OrgName id={str(k['orgId'])} /> },
    {
      key: 'revoke',
      title: t('status'),
      render: (k) =>
        k['revokedAt'] ? (
          t('revoked')
        ) : (
          <button
            type="button"
            onClick={() =>
              void request('DELETE', `/api/v1/apikeys/${encodeURIComponent(str(k['id']))}`).then(keys.reload)
            }
          >
            {t('revoke')}
          </button>
        ),
    },
  ];
  return (
    <Section id="keys" title={t('apiKeys')}>
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
        columns={columns}
      />
      <ActionForm
        inline
        label={t('create')}
        send={async () => {
          const b = await post('/api/v1/apikeys', { orgId: me.orgId, name: form.name, role: form.role });
          setSecret(str(asRecord(b)['key']));
        }}
        done={keys.reload}
      >
        <TextField label={t('name')} required {...bind('name')} />
        <CodeField label={t('role')} group="role" {...bind('role')} />
      </ActionForm>
    </Section>
  );
};

const Brands = () => {
  const { t, v, lang, label } = useI18n();
  const brands = useList('/api/v1/brands');
  const { form, bind } = useFields({
    id: '',
    nameZh: '',
    nameEn: '',
    sector: 'bank',
    domains: '',
    fraudType: '',
  });
  const list = (s: string) =>
    s
      .split(/[\s,，]+/)
      .map((x) => x.trim().toLowerCase())
      .filter((x) => x !== '');
  const columns: ReadonlyArray<Column<Row>> = [
    {
      key: 'name',
      title: t('name'),
      render: (b) => <Raw>{str(b[lang === 'zh' ? 'nameZh' : 'nameEn'])}</Raw>,
      sortValue: (b) => str(b['nameEn']),
    },
    codeColumn('sector', t('sector'), 'sector', v),
    {
      key: 'domains',
      title: t('officialDomains'),
      render: (b) => (
        <span className="clip mono" translate="no">
          {asArray(b['officialDomains'])
            .map((d) => str(d))
            .join(', ')}
        </span>
      ),
    },
    { key: 'fraudType', title: t('fraudType'), render: (b) => label(str(b['fraudType'])) },
  ];
  return (
    <Section id="brands" title={t('brands')}>
      {brands.error ? <p className="error">{brands.error}</p> : null}
      <DataTable
        label={t('brands')}
        rows={brands.items}
        rowKey={(b) => str(b['id'])}
        columns={columns}
        paged={false}
      />
      <ActionForm
        inline
        testId="create-brand"
        label={t('create')}
        send={() => {
          const domains = list(form.domains);
          return post('/api/v1/brands', {
            id: form.id,
            nameZh: form.nameZh,
            nameEn: form.nameEn,
            sector: form.sector,
            officialDomains: domains,
            domainTokens: list(form.id),
            pinyinTokens: [],
            names: [form.nameZh, form.nameEn].filter((n) => n !== ''),
            packages: [],
            certSha256: [],
            fraudType: form.fraudType || 'fake_customer_service',
          });
        }}
        done={brands.reload}
      >
        <TextField label={t('identifier')} required placeholder="icbc" {...bind('id')} />
        <TextField label={t('nameZh')} required {...bind('nameZh')} />
        <TextField label={t('nameEn')} required {...bind('nameEn')} />
        <CodeField label={t('sector')} group="sector" {...bind('sector')} />
        <TextField label={t('officialDomains')} {...bind('domains')} />
        <FraudTypeField {...bind('fraudType')} />
      </ActionForm>
    </Section>
  );
};

export const Admin = ({ me }: { me: Me }) => {
  const { t, lang } = useI18n();
  const catalog = useCatalog();
  return (
    <div className="page admin">
      <h2>{t('navAdmin')}</h2>
      <Orgs canCreate={me.orgKind === 'regulator'} />
      <Users me={me} />
      <Keys me={me} />
      <Brands />
      <ThresholdsSection canWrite={me.orgKind === 'regulator'} />
      <Section id="taxonomy" title={t('taxonomy')}>
        <table className="data compact">
          <thead>
            <tr>
              <th>{t('identifier')}</th>
              <th>{t('name')}</th>
            </tr>
          </thead>
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
      </Section>
    </div>
  );
};
