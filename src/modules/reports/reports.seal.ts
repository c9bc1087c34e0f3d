/**
 * Reporter contact details are sealed (AES-256-GCM, key derived from the platform's pseudonym key) and
 * the client address is kept only as a keyed hash: the database never holds either in clear, and only
 * the regulator's views unseal the contact.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

const keyOf = (secret: string, purpose: string): Buffer =>
  createHmac('sha256', secret).update(purpose).digest();

export const sealContact = (secret: string, contact: string): string => {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(secret, 'report-contact'), iv);
  const body = Buffer.concat([cipher.update(contact, 'utf8'), cipher.final()]);
  return `v1.${iv.toString('base64url')}.${body.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}`;
};

export const unsealContact = (secret: string, sealed: string): string | undefined => {
  const [v, iv, body, tag] = sealed.split('.');
  if (v !== 'v1' || !iv || !body || !tag) return undefined;
  try {
    const d = createDecipheriv('aes-256-gcm', keyOf(secret, 'report-contact'), Buffer.from(iv, 'base64url'));
    d.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([d.update(Buffer.from(body, 'base64url')), d.final()]).toString('utf8');
  } catch {
    return undefined;
  }
};

export const clientHash = (secret: string, client: string): string =>
  keyOf(secret, `client:${client}`).toString('hex').slice(0, 32);
