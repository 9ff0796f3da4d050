import { createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import {
  checkWebhookTarget,
  pinnedLookup,
  type TargetPolicy,
  type WebhookTarget,
  WebhookTargetError,
} from './webhook-target.js';

/** Signature header: `sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`, the key being the secret's text. */
export const SIGNATURE_HEADER = 'x-ukp-signature';
/** Unix seconds when the request was signed: receivers refuse old ones (replay). */
export const TIMESTAMP_HEADER = 'x-ukp-timestamp';
/** The delivery's id, the same on every retry: receivers deduplicate on it. */
export const DELIVERY_HEADER = 'x-ukp-delivery';

export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export interface WebhookRequest {
  deliveryId: string;
  url: string;
  secret: string;
  body: string;
  /** When it is signed. */
  at: Date;
}

export type WebhookOutcome = { ok: true; status: number } | { ok: false; error: string };

export interface SendOptions extends TargetPolicy {
  timeoutMs: number;
}

/**
 * One signed POST. The target is checked again first (the DNS answer may have changed since the
 * rule was created) and the connection goes only to the addresses that passed. Redirects are not
 * followed (a redirect could point anywhere); only a 2xx answer counts as delivered.
 */
export async function sendWebhook(req: WebhookRequest, options: SendOptions): Promise<WebhookOutcome> {
  let target: WebhookTarget;
  try {
    target = await checkWebhookTarget(req.url, options);
  } catch (error) {
    return { ok: false, error: error instanceof WebhookTargetError ? error.message : String(error) };
  }
  const timestamp = String(Math.floor(req.at.getTime() / 1000));
  const body = Buffer.from(req.body, 'utf8');
  const request = target.url.protocol === 'https:' ? httpsRequest : httpRequest;
  // With an IP literal as the host node skips `lookup`; the literal is what was checked.
  const lookup = pinnedLookup(target.addresses);

  return new Promise<WebhookOutcome>((resolve) => {
    let settled = false;
    const finish = (outcome: WebhookOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const outgoing = request(
      target.url,
      {
        method: 'POST',
        lookup,
        agent: false,
        headers: {
          'content-type': 'application/json',
          'content-length': body.byteLength,
          'user-agent': 'ukp-analytics-webhooks/1',
          [TIMESTAMP_HEADER]: timestamp,
          [SIGNATURE_HEADER]: signWebhook(req.secret, timestamp, req.body),
          [DELIVERY_HEADER]: req.deliveryId,
        },
      },
      (response) => {
        const status = response.statusCode ?? 0;
        // The answer's body is of no use: drain it so the socket closes, within the same timeout.
        response.resume();
        response.on('end', () =>
          finish(
            status >= 200 && status < 300 ? { ok: true, status } : { ok: false, error: `HTTP ${status}` },
          ),
        );
        response.on('error', (error) => finish({ ok: false, error: error.message }));
      },
    );
    const timer = setTimeout(() => {
      finish({ ok: false, error: `no answer within ${options.timeoutMs} ms` });
      outgoing.destroy();
    }, options.timeoutMs);
    outgoing.on('error', (error) => finish({ ok: false, error: error.message }));
    outgoing.end(body);
  });
}
