/**
 * The sandbox's webhook deliveries, for every simulated provider: a POST of
 * a body to a URL, plain or signed as Standard Webhooks sign (a `whsec_`
 * secret; Argil's events, for one). What to deliver, and when, is each
 * provider's (its step of time, its endpoints). Switches for tests: lose
 * the next deliveries, send them twice, delay them, or sign them with a
 * wrong key.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { SimulatedWebhooks } from './contributions.js';

export interface WebhookSwitches {
  /** Deliveries to drop, counting down. */
  lose: number;
  /** Deliveries to send twice, counting down. */
  duplicate: number;
  delayMs: number;
  /** Signed deliveries to sign with a key that is not the endpoint's, counting down. */
  badSignature: number;
}

/** A new Standard Webhooks signing secret. */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

/** With what each provider's sandbox adds (Argil's `argilEndpoints`…; contributions.ts). */
export interface SandboxWebhooks extends SimulatedWebhooks {}

export class SandboxWebhooks {
  readonly switches: WebhookSwitches = { lose: 0, duplicate: 0, delayMs: 0, badSignature: 0 };
  /** Every delivery attempted, for tests: where, and the status it got (0: lost or failed). */
  readonly sent: Array<{ url: string; status: number }> = [];
  private readonly pending = new Set<Promise<void>>();

  /** Posts `payload` to `url` signed with `secret` (webhook-id, webhook-timestamp, webhook-signature). */
  deliverSigned(url: string, payload: string, secret: string): void {
    const id = `msg_${randomUUID()}`;
    const at = new Date();
    const wrong = this.switches.badSignature > 0;
    if (wrong) this.switches.badSignature--;
    const signature = new Webhook(wrong ? newSigningSecret() : secret).sign(id, at, payload);
    this.deliver(url, payload, {
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': signature,
    });
  }

  /** Waits for deliveries under way (tests, and close). */
  async settle(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  /** Posts `body` (JSON) to `url` with `headers`, as the switches say, without waiting for it. */
  deliver(url: string, body: string, headers: Record<string, string> = {}): void {
    if (this.switches.lose > 0) {
      this.switches.lose--;
      this.sent.push({ url, status: 0 });
      return;
    }
    const times = this.switches.duplicate > 0 ? 2 : 1;
    if (times === 2) this.switches.duplicate--;
    const send = async () => {
      if (this.switches.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.switches.delayMs));
      for (let i = 0; i < times; i++) {
        try {
          const response = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...headers },
            body,
            signal: AbortSignal.timeout(5_000),
          });
          await response.arrayBuffer();
          this.sent.push({ url, status: response.status });
        } catch {
          this.sent.push({ url, status: 0 });
        }
      }
    };
    const pending = send();
    this.pending.add(pending);
    void pending.finally(() => this.pending.delete(pending));
  }
}
