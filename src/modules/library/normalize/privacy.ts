/**
 * Privacy helpers for shared lists. Phone numbers (and bank accounts, IMEIs) live in small spaces that
 * can be enumerated, so a plain hash would hide nothing: shared lists carry HMAC-SHA256 under a key the
 * members hold. URL lists use Safe Browsing hash prefixes so a client can check a link without sending it.
 */
import { createHmac } from 'node:crypto';
import type { ResourceType } from '../library.types.ts';

/** HMAC-SHA256(key, `${type}:${normalized}`), hex. The type is inside so equal strings of two types differ. */
export const keyedHash = (key: string, type: ResourceType, normalized: string): string =>
  createHmac('sha256', key).update(`${type}:${normalized}`, 'utf8').digest('hex');

export { safeBrowsingExpressions, hashPrefix } from './url.ts';
