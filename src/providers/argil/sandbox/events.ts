/**
 * Argil's webhook endpoints in the sandbox and the events they get: an
 * endpoint registered through POST /v1/webhooks (webhooks.ts) gets every
 * event of its tenant it asked for, signed with the `whsec_` secret the
 * registration returned (Standard Webhooks); a render's one-shot
 * `callbackUrl` gets its end, once, unsigned (Argil documents no secret for
 * it).
 */
import { randomUUID } from 'node:crypto';
import { newSigningSecret } from '../../../sandbox/webhooks.js';
import type { SandboxWebhooks } from '../../../sandbox/webhooks.js';
import type { SandboxArgilAvatar, SandboxArgilVideo } from './data.js';

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

export class ArgilEvents {
  readonly endpoints: ArgilEndpoint[] = [];

  constructor(private readonly webhooks: SandboxWebhooks) {}

  register(callbackUrl: string, events: string[], tenant: number): ArgilEndpoint {
    const now = new Date().toISOString();
    const endpoint = {
      id: randomUUID(),
      callbackUrl,
      events,
      secret: newSigningSecret(),
      tenant,
      createdAt: now,
      updatedAt: now,
      lastTriggeredAt: null,
    };
    this.endpoints.push(endpoint);
    return endpoint;
  }

  videoFinished(video: SandboxArgilVideo, tenant: number): void {
    const event = video.status === 'DONE' ? 'VIDEO_GENERATION_SUCCESS' : 'VIDEO_GENERATION_FAILED';
    const payload = JSON.stringify({
      event,
      data: { videoId: video.id, videoName: video.name, videoUrl: video.videoUrl ?? null, extras: video.extras ?? {} },
    });
    this.event(event, payload, tenant);
    // The render's own callbackUrl hears of it once, then never again.
    const callbackUrl = video.rendering?.callbackUrl;
    if (callbackUrl !== undefined) {
      delete video.rendering!.callbackUrl;
      this.webhooks.deliver(callbackUrl, payload);
    }
  }

  /** An avatar made through POST /avatars finished training (AvatarTrainingSuccess/Failed events). */
  avatarTrained(avatar: SandboxArgilAvatar, tenant: number): void {
    const success = avatar.status === 'IDLE';
    const extras = avatar.made?.request.extras ?? {};
    const data = success
      ? { avatarId: avatar.id, voiceId: avatar.made?.voiceId ?? null, avatarName: avatar.name, extras }
      : { avatarId: avatar.id, avatarName: avatar.name, extras };
    const event = success ? 'AVATAR_TRAINING_SUCCESS' : 'AVATAR_TRAINING_FAILED';
    this.event(event, JSON.stringify({ event, data }), tenant);
  }

  /** Signs `payload` for, and posts it to, every endpoint of the tenant registered for `event`. */
  private event(event: string, payload: string, tenant: number): void {
    for (const endpoint of this.endpoints) {
      if (endpoint.tenant !== tenant || !endpoint.events.includes(event)) continue;
      endpoint.lastTriggeredAt = new Date().toISOString();
      this.webhooks.deliverSigned(endpoint.callbackUrl, payload, endpoint.secret);
    }
  }
}
