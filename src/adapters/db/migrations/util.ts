import type { Dialect } from '../database.ts';

/** An integer identity column type that works on both dialects. */
export const idType = (d: Dialect): 'bigserial' | 'integer' => (d === 'postgres' ? 'bigserial' : 'integer');
