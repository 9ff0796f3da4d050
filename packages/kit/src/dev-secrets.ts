import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * DEVELOPMENT ONLY. Secrets a laptop needs but nobody should have to invent: generated on first
 * start and kept in the data folder (mode 0600) so sessions survive restarts. Production refuses
 * to start without real ones from the environment.
 */
export interface DevSecrets {
  jwtSecret: string;
  totpEncryptionKey: string;
}

export function loadDevSecrets(dataDir: string): DevSecrets {
  const file = join(dataDir, 'dev-secrets.json');
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<DevSecrets>;
    if (parsed.jwtSecret && parsed.totpEncryptionKey) return parsed as DevSecrets;
  } catch {}
  const secrets: DevSecrets = {
    jwtSecret: randomBytes(48).toString('base64url'),
    totpEncryptionKey: randomBytes(32).toString('base64'),
  };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  return secrets;
}
