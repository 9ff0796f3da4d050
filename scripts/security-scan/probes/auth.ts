import { checkRefusal, dataOf, type HttpAnswer, parseJson, postGraphql, send, short } from '../http.js';
import { flipSignature, forgedClaims, hs256, selfSignedRs256, tamperPayload, unsigned } from '../jwt.js';
import { type Probe, type ScanTarget, Skip } from '../scan.js';

const TYPENAME = { query: '{ __typename }' };
const UNAUTHENTICATED = { status: 401, code: 'UNAUTHENTICATED' } as const;

/** Sends `{ __typename }` with each Authorization value: every one must be refused as UNAUTHENTICATED. */
async function refusesAll(target: ScanTarget, attempts: Record<string, string>): Promise<string[]> {
  const findings: string[] = [];
  for (const [label, authorization] of Object.entries(attempts)) {
    const answer = await postGraphql(target.url, TYPENAME, { authorization });
    if (answer.status === 200 && dataOf(answer)) {
      findings.push(`${label}: accepted (answered as an authenticated or anonymous caller)`);
      continue;
    }
    findings.push(...checkRefusal(answer, UNAUTHENTICATED).map((f) => `${label}: ${f}`));
  }
  return findings;
}

function requireToken(target: ScanTarget): string {
  if (!target.token) throw new Skip('needs a valid low-privilege token (SCAN_TOKEN)');
  return target.token;
}

/** The signing key a server publishes, if any (what an algorithm-confusion attack would HMAC with). */
async function publishedKeys(target: ScanTarget): Promise<string[]> {
  const keys: string[] = [];
  for (const path of ['/.well-known/jwks.json', '/jwks.json', '/.well-known/openid-configuration']) {
    let answer: HttpAnswer;
    try {
      answer = await send(target.url, { path });
    } catch {
      continue;
    }
    if (answer.status === 200 && parseJson(answer.text)) keys.push(answer.text);
  }
  return keys;
}

export const authProbes: Probe[] = [
  {
    name: 'baseline: the scan token is accepted',
    group: 'auth',
    async run(target) {
      const token = requireToken(target);
      const answer = await postGraphql(target.url, TYPENAME, { authorization: `Bearer ${token}` });
      return answer.status === 200 && dataOf(answer)
        ? []
        : [
            `a valid token is refused (HTTP ${answer.status}): ${short(answer.text)} — the other auth probes prove nothing`,
          ];
    },
  },
  {
    name: 'JWT alg=none',
    group: 'auth',
    run(target) {
      const claims = forgedClaims(target.token);
      return refusesAll(target, {
        none: `Bearer ${unsigned({ alg: 'none', typ: 'JWT' }, claims)}`,
        None: `Bearer ${unsigned({ alg: 'None', typ: 'JWT' }, claims)}`,
        NONE: `Bearer ${unsigned({ alg: 'NONE', typ: 'JWT' }, claims)}`,
        'none with a signature': `Bearer ${unsigned({ alg: 'none' }, claims, 'c2lnbmF0dXJl')}`,
      });
    },
  },
  {
    name: 'JWT HS256 with an empty or guessable key',
    group: 'auth',
    run(target) {
      const claims = forgedClaims(target.token);
      const attempts: Record<string, string> = {};
      for (const key of ['', 'secret', 'changeme', 'ukp', 'jwt-secret', 'null']) {
        attempts[`HS256 key "${key}"`] = `Bearer ${hs256({}, claims, key)}`;
      }
      return refusesAll(target, attempts);
    },
  },
  {
    name: 'JWT with a wrong signature',
    group: 'auth',
    run(target) {
      const claims = forgedClaims(target.token);
      return refusesAll(target, {
        'random HS256 key': `Bearer ${hs256({}, claims, 'a-key-the-server-does-not-know-8c1e')}`,
        ...(target.token ? { 'real token, signature changed': `Bearer ${flipSignature(target.token)}` } : {}),
        ...(target.token
          ? { 'real token, signature removed': `Bearer ${target.token.replace(/[^.]+$/, '')}` }
          : {}),
      });
    },
  },
  {
    name: 'JWT with a tampered roles claim',
    group: 'auth',
    run(target) {
      const token = requireToken(target);
      return refusesAll(target, {
        'roles: [ADMIN]': `Bearer ${tamperPayload(token, (p) => ({ ...p, roles: ['ADMIN'] }))}`,
        'exp extended': `Bearer ${tamperPayload(token, (p) => ({ ...p, exp: 9_999_999_999 }))}`,
        'sub changed': `Bearer ${tamperPayload(token, (p) => ({ ...p, sub: '00000000-0000-0000-0000-000000000001' }))}`,
      });
    },
  },
  {
    name: 'JWT expired',
    group: 'auth',
    run(target) {
      if (!target.expiredToken) throw new Skip('needs an expired token of the issuer (SCAN_EXPIRED_TOKEN)');
      return refusesAll(target, { expired: `Bearer ${target.expiredToken}` });
    },
  },
  {
    name: 'JWT kid / jku / jwk / x5u header injection',
    group: 'auth',
    run(target) {
      const claims = forgedClaims(target.token);
      return refusesAll(target, {
        'kid path traversal, empty key': `Bearer ${hs256({ kid: '../../../../../../dev/null' }, claims, '')}`,
        'kid SQL injection': `Bearer ${hs256({ kid: "x' UNION SELECT 'scan-key' -- " }, claims, 'scan-key')}`,
        'kid command injection': `Bearer ${hs256({ kid: '|sleep 5' }, claims, '')}`,
        'jku to an attacker JWKS': `Bearer ${selfSignedRs256(() => ({ jku: 'https://evil.example/jwks.json', kid: 'scan' }), claims)}`,
        'x5u to an attacker certificate': `Bearer ${selfSignedRs256(() => ({ x5u: 'https://evil.example/cert.pem' }), claims)}`,
        'embedded jwk (CVE-2018-0114)': `Bearer ${selfSignedRs256((jwk) => ({ jwk, kid: 'scan' }), claims)}`,
      });
    },
  },
  {
    name: 'JWT algorithm confusion with the published key',
    group: 'auth',
    async run(target) {
      const keys = await publishedKeys(target);
      if (keys.length === 0) throw new Skip('the server publishes no signing key');
      const claims = forgedClaims(target.token);
      const attempts: Record<string, string> = {};
      keys.forEach((text, i) => {
        attempts[`HS256 keyed with published document ${i + 1}`] = `Bearer ${hs256({}, claims, text)}`;
        const parsed = parseJson(text) as { keys?: Array<{ x?: string; n?: string }> } | undefined;
        for (const [j, key] of (parsed?.keys ?? []).entries()) {
          const material = key.x ?? key.n;
          if (material) {
            attempts[`HS256 keyed with key ${j + 1}`] = `Bearer ${hs256({}, claims, material)}`;
            attempts[`HS256 keyed with key ${j + 1} bytes`] =
              `Bearer ${hs256({}, claims, Buffer.from(material, 'base64url'))}`;
          }
        }
      });
      return refusesAll(target, attempts);
    },
  },
  {
    name: 'token in the wrong scheme or header',
    group: 'auth',
    run(target) {
      const token = target.token ?? hs256({}, forgedClaims(undefined), 'x');
      return refusesAll(target, {
        'no scheme': token,
        'Token scheme': `Token ${token}`,
        'Basic scheme': `Basic ${Buffer.from('admin:admin').toString('base64')}`,
        'two tokens': `Bearer ${token} ${token}`,
        'empty Bearer': 'Bearer ',
        'garbage after Bearer': 'Bearer <script>alert(1)</script>',
        // Over any sane token size, under the usual 16 KB header limit: the verifier must refuse it.
        'oversized token': `Bearer ${'a'.repeat(5000)}.${'b'.repeat(5000)}.c`,
      });
    },
  },
  {
    name: 'privilege escalation with a low-privilege token',
    group: 'auth',
    async run(target) {
      const token = requireToken(target);
      if (!target.privilegedQuery)
        throw new Skip('needs an operation the token must not run (SCAN_PRIVILEGED_QUERY)');
      const answer = await postGraphql(
        target.url,
        { query: target.privilegedQuery },
        { authorization: `Bearer ${token}` },
      );
      const data = dataOf(answer) as Record<string, unknown> | null | undefined;
      const findings: string[] = [];
      if (data && Object.values(data).some((v) => v !== null)) {
        findings.push(`the low-privilege token ran it: ${short(answer.text)}`);
      }
      const body = parseJson(answer.text) as
        | { errors?: Array<{ extensions?: { code?: string } }> }
        | undefined;
      const codes = (body?.errors ?? []).map((e) => e.extensions?.code);
      if (!codes.includes('FORBIDDEN') && !codes.includes('UNAUTHENTICATED')) {
        findings.push(`no FORBIDDEN error: ${short(answer.text)}`);
      }
      return findings;
    },
  },
];
