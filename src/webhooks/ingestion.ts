/**
 * A provider's webhook deliveries as the core receives them: the gateway's
 * listener takes `POST /webhooks/<provider>…` (server/plugins/use-webhooks.ts)
 * and hands the delivery to the receiver that provider's module made; the
 * receiver proves it (a token, a signature), keeps replays out, and nudges
 * the pollers the delivery concerns. No GraphQL, no HTTP answer here: an
 * outcome, which the listener answers and counts.
 */
import { SeenDeliveries } from './seen-deliveries.js';

export type WebhookOutcome =
  | 'accepted'
  | 'duplicate'
  | 'expired'
  | 'forged'
  | 'malformed'
  | 'oversized'
  | 'unknown-event'
  | 'unconfigured'
  | 'wrong-job';

export interface WebhookDelivery {
  /** What follows `/webhooks/<provider>/` (a token); '' for `/webhooks/<provider>` itself. */
  rest: string;
  request: Request;
  /** The body as text, read once; undefined past the listener's limit. */
  text(): Promise<string | undefined>;
}

/** What the listener lends every receiver. */
export interface WebhookTools {
  /** Deliveries taken within `ttlMs`, here and (with Redis) on every replica. */
  deliveries(ttlMs: number): SeenDeliveries;
  /** Polls now every poller whose key starts with `prefix` (live/watch.ts), on every replica. */
  nudge(prefix: string): void;
}

export interface WebhookReceiver {
  /** True: deliveries come to `/webhooks/<provider>/<token>`; false: to `/webhooks/<provider>` exactly. */
  tokenInPath: boolean;
  receive(delivery: WebhookDelivery): Promise<WebhookOutcome>;
}

/** A JSON object, or undefined for anything else (a delivery's body is never trusted further). */
export function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
