/**
 * Evidence files (screenshots, PDFs of chat logs): the declared type is not trusted; the first bytes
 * decide. Anything that is not PNG, JPEG or PDF, or is over the size limit, is refused with its field.
 */
import { createHash } from 'node:crypto';
import { invalidInput, DomainError } from '../../shared/errors.ts';

export const EVIDENCE_LIMITS = { maxFiles: 4, maxBytes: 1024 * 1024 } as const;

export type EvidenceMediaType = 'image/png' | 'image/jpeg' | 'application/pdf';

const MAGIC: ReadonlyArray<readonly [EvidenceMediaType, readonly number[]]> = [
  ['image/png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ['image/jpeg', [0xff, 0xd8, 0xff]],
  ['application/pdf', [0x25, 0x50, 0x44, 0x46, 0x2d]],
];

export const sniffMediaType = (bytes: Uint8Array): EvidenceMediaType | undefined =>
  MAGIC.find(([, sig]) => sig.every((b, i) => bytes[i] === b))?.[0];

export interface EvidenceFile {
  readonly name: string;
  readonly mediaType: EvidenceMediaType;
  readonly size: number;
  readonly sha256: string;
  readonly base64: string;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export const parseEvidence = (
  files: ReadonlyArray<{ name?: string | undefined; contentBase64: string }>,
): EvidenceFile[] => {
  if (files.length > EVIDENCE_LIMITS.maxFiles)
    throw invalidInput('files', `at most ${EVIDENCE_LIMITS.maxFiles} files per report`);
  return files.map((f, i) => {
    const field = `files[${i}].contentBase64`;
    const clean = f.contentBase64.replace(/\s+/g, '');
    if (!BASE64.test(clean) || clean.length % 4 === 1) throw invalidInput(field, 'not base64');
    if (clean.length * 0.75 > EVIDENCE_LIMITS.maxBytes + 3) {
      throw new DomainError(
        'payload_too_large',
        `a file may be at most ${EVIDENCE_LIMITS.maxBytes} bytes`,
        field,
      );
    }
    const bytes = Buffer.from(clean, 'base64');
    if (bytes.length === 0) throw invalidInput(field, 'empty file');
    if (bytes.length > EVIDENCE_LIMITS.maxBytes)
      throw new DomainError(
        'payload_too_large',
        `a file may be at most ${EVIDENCE_LIMITS.maxBytes} bytes`,
        field,
      );
    const mediaType = sniffMediaType(bytes);
    if (!mediaType)
      throw invalidInput(field, 'only PNG, JPEG and PDF files are accepted (checked by content)');
    const name = (f.name ?? `evidence-${i + 1}`).replace(/[^\p{L}\p{N}._ -]/gu, '_').slice(0, 120);
    return {
      name,
      mediaType,
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      base64: bytes.toString('base64'),
    };
  });
};
