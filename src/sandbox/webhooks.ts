/**
 * The sandbox's webhook deliveries, as the providers make them: Krea POSTs a
 * finished job to the `X-Webhook-URL` its generation carried (no signature);
 * Argil POSTs signed events (Standard Webhooks, with the `whsec_` secret it
 * returned when the endpoint was registered through POST /v1/webhooks) to
 * every endpoint registered for the event, and a render's one-shot
 * `callbackUrl` its end, once (unsigned: Argil documents no secret for it).
 * Switches for tests: lose the next deliveries, send them twice, delay
 * them, or sign them with a wrong key.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { SandboxArgilAvatar, SandboxArgilVideo, SandboxKreaJob } from './data.js';

export interface ArgilEndpoint {
  id: string;
  callbackUrl: string;
  events: string[];
  secret: string;
  tenant: number;
  createdAt: string;
  updatedAt: string;
  lastTriggeredAt: string | null;
}

export interface WebhookSwitches {
  /** Deliveries to drop, counting down. */
  lose: number;
  /** Deliveries to send twice, counting down. */
  duplicate: number;
  delayMs: number;
  /** Deliveries to sign with a key that is not the endpoint's, counting down. */
  badSignature: number;
}

export class SandboxWebhooks {
  readonly switches: WebhookSwitches = { lose: 0, duplicate: 0, delayMs: 0, badSignature: 0 };
  readonly argilEndpoints: ArgilEndpoint[] = [];
  /** Every delivery attempted, for tests: where, and the status it got (0: lost or failed). */
  readonly sent: Array<{ url: string; status: number }> = [];
  private readonly pending = new Set<Promise<void>>();

  registerArgil(callbackUrl: string, events: string[], tenant: number): ArgilEndpoint {
    const now = new Date().toISOString();
    const endpoint = {
      id: randomUUID(),
      callbackUrl,
      events,
      secret: `whsec_${randomBytes(24).toString('base64')}`,
      tenant,
      createdAt: now,
      updatedAt: now,
      lastTriggeredAt: null,
    };
    this.argilEndpoints.push(endpoint);
    return endpoint;
  }

  kreaJobFinished(job: SandboxKreaJob, body: unknown): void {
    if (job.webhookUrl) this.deliver(job.webhookUrl, JSON.stringify(body), {});
  }

  argilVideoFinished(video: SandboxArgilVideo, tenant: number): void {
    const event = video.status === 'DONE' ? 'VIDEO_GENERATION_SUCCESS' : 'VIDEO_GENERATION_FAILED';
    const payload = JSON.stringify({
      event,
      data: { videoId: video.id, videoName: video.name, videoUrl: video.videoUrl ?? null, extras: video.extras ?? {} },
    });
    this.argilEvent(event, payload, tenant);
    // The render's own callbackUrl hears of it once, then never again.
    const callbackUrl = video.rendering?.callbackUrl;
    if (callbackUrl !== undefined) {
      delete video.rendering!.callbackUrl;
      this.deliver(callbackUrl, payload, {});
    }
  }

  /** An avatar made through POST /avatars finished training (AvatarTrainingSuccess/Failed events). */
  argilAvatarTrained(avatar: SandboxArgilAvatar, tenant: number): void {
    const success = avatar.status === 'IDLE';
    const extras = avatar.made?.request.extras ?? {};
    const data = success
      ? { avatarId: avatar.id, voiceId: avatar.made?.voiceId ?? null, avatarName: avatar.name, extras }
      : { avatarId: avatar.id, avatarName: avatar.name, extras };
    const event = success ? 'AVATAR_TRAINING_SUCCESS' : 'AVATAR_TRAINING_FAILED';
    this.argilEvent(event, JSON.stringify({ event, data }), tenant);
  }

  /** Signs `payload` for, and posts it to, every endpoint of the tenant registered for `event`. */
  private argilEvent(event: string, payload: string, tenant: number): void {
    for (const endpoint of this.argilEndpoints) {
      if (endpoint.tenant !== tenant || !endpoint.events.includes(event)) continue;
      endpoint.lastTriggeredAt = new Date().toISOString();
      const id = `msg_${randomUUID()}`;
      const at = new Date();
      const wrong = this.switches.badSignature > 0;
      if (wrong) this.switches.badSignature--;
      const key = wrong ? `whsec_${randomBytes(24).toString('base64')}` : endpoint.secret;
      const signature = new Webhook(key).sign(id, at, payload);
      this.deliver(endpoint.callbackUrl, payload, {
        'webhook-id': id,
        'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
        'webhook-signature': signature,
      });
    }
  }

  /** Waits for deliveries under way (tests, and close). */
  async settle(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  private deliver(url: string, body: string, headers: Record<string, string>): void {
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
