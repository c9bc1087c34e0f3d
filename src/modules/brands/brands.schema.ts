/** The brand as it comes in (analysts' edits, exported lists) and goes out, validated by one schema. */
import { Type, type Static } from '@sinclair/typebox';
import { BRAND_SECTORS } from './brands.types.ts';

const Token = Type.String({ minLength: 2, maxLength: 63, pattern: '^[a-z0-9-]+$' });
const DomainName = Type.String({ minLength: 3, maxLength: 253, pattern: '^[a-z0-9.-]+\\.[a-z0-9-]+$' });

export const BrandBody = Type.Object(
  {
    nameZh: Type.String({ minLength: 1, maxLength: 100 }),
    nameEn: Type.String({ minLength: 1, maxLength: 100 }),
    sector: Type.Union(BRAND_SECTORS.map((s) => Type.Literal(s))),
    officialDomains: Type.Array(DomainName, { maxItems: 200 }),
    domainTokens: Type.Array(Token, { maxItems: 50 }),
    pinyinTokens: Type.Array(Token, { maxItems: 50 }),
    names: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 1, maxItems: 50 }),
    packages: Type.Array(
      Type.String({ minLength: 3, maxLength: 255, pattern: '^[A-Za-z][A-Za-z0-9_]*(\\.[A-Za-z0-9_]+)+$' }),
      { maxItems: 50 },
    ),
    certSha256: Type.Array(Type.String({ pattern: '^[0-9a-f]{64}$' }), { maxItems: 20 }),
    fraudType: Type.String({ minLength: 1, maxLength: 64 }),
  },
  { additionalProperties: false },
);
export type BrandBody = Static<typeof BrandBody>;

export const BrandId = Type.String({ minLength: 1, maxLength: 40, pattern: '^[a-z0-9][a-z0-9_-]*$' });

export const BrandSchema = Type.Object(
  { id: BrandId, ...BrandBody.properties },
  { additionalProperties: false },
);
export const BrandList = Type.Array(BrandSchema, { maxItems: 5000 });
