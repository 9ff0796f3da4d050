import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM sealing for secrets at rest (TOTP secrets) and for the refresh-token grace copy.
 * Format: `v1.<iv>.<tag>.<ciphertext>`, each part base64url.
 */
export function seal(key: Buffer, plaintext: string): string {
  if (key.length !== 32) throw new Error('sealing key must be 32 bytes');
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [
    'v1',
    iv.toString('base64url'),
    cipher.getAuthTag().toString('base64url'),
    body.toString('base64url'),
  ].join('.');
}

export function open(key: Buffer, sealed: string): string {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('not a sealed value');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
}

/** A 32-byte key from high-entropy material (a random token), for sealing values only its holder may open. */
export function keyFromToken(token: string): Buffer {
  return createHash('sha256').update(`ukp:seal:${token}`).digest();
}

/** Parses `TOTP_ENCRYPTION_KEY`: 32 bytes as base64 (or 64 hex characters). */
export function parseKey(material: string): Buffer {
  const key = /^[0-9a-f]{64}$/i.test(material)
    ? Buffer.from(material, 'hex')
    : Buffer.from(material, 'base64');
  if (key.length !== 32) throw new Error('TOTP_ENCRYPTION_KEY must be 32 bytes, base64 or hex encoded');
  return key;
}
