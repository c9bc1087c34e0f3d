/** Export records shared by the export and STIX tests. */
import type { ExportRecord } from './export.ts';

const T0 = Date.UTC(2025, 0, 1);
export const sampleRecords: ExportRecord[] = [
  {
    type: 'phone',
    value: '+86 138 0013 8000',
    normalized: '+8613800138000',
    verdict: 'fraud',
    score: 0.93,
    fraudType: 'fake_customer_service',
    status: 'confirmed',
    attributes: { operator: 'china_mobile' },
    createdAt: T0,
    updatedAt: T0 + 3_600_000,
    claims: [
      {
        org: 'org-operator',
        source: 'feed',
        verdict: 'fraud',
        confidence: 0.9,
        sharing: 'members',
        createdAt: T0,
        validUntil: T0 + 2 * 86_400_000,
      },
      {
        org: 'org-bank',
        source: 'import',
        verdict: 'fraud',
        fraudType: 'fake_customer_service',
        confidence: 0.7,
        sharing: 'public',
        createdAt: T0 + 1000,
        validUntil: T0 + 86_400_000,
      },
    ],
  },
  {
    type: 'url',
    value: 'http://例子.中国/pay?x="1",2',
    normalized: 'http://xn--fsqu00a.xn--fiqs8s/pay?x="1",2',
    verdict: 'suspicious',
    score: 0.5,
    status: 'under_review',
    createdAt: T0,
    updatedAt: T0,
    claims: [
      {
        org: 'org-platform',
        source: 'report',
        verdict: 'suspicious',
        confidence: 0.5,
        sharing: 'public',
        createdAt: T0,
      },
    ],
  },
  {
    type: 'subject',
    value: 'person:0123abcd…',
    normalized: 'person:0123abcd0123abcd0123abcd0123abcd',
    verdict: 'allowed',
    score: 0.1,
    status: 'released',
    createdAt: T0,
    updatedAt: T0,
    claims: [],
  },
];
