/**
 * Argil's webhooks and subtitle styles in the gateway's shape. A webhook
 * model has no secret to carry: the shape it comes from has none
 * (../shapes.ts).
 */
import { ARGIL_WEBHOOK_EVENTS } from '../shapes.js';
import type { ArgilSubtitleStyle, ArgilWebhook, ArgilWebhookEvent } from '../shapes.js';

export interface ArgilWebhookModel {
  typename: 'ArgilWebhook';
  providerId: string;
  callbackUrl: string;
  events: ArgilWebhookEvent[];
  createdAt: string | null;
  updatedAt: string | null;
  lastTriggeredAt: string | null;
}

const KNOWN_EVENTS: ReadonlySet<string> = new Set(ARGIL_WEBHOOK_EVENTS);

export function fromArgilWebhook(webhook: ArgilWebhook): ArgilWebhookModel {
  return {
    typename: 'ArgilWebhook',
    providerId: webhook.id,
    callbackUrl: webhook.callbackUrl,
    // An event Argil adds later is one the schema cannot name yet: left out, not an error.
    events: webhook.events.filter((event): event is ArgilWebhookEvent => KNOWN_EVENTS.has(event)),
    createdAt: webhook.createdAt,
    updatedAt: webhook.updatedAt ?? null,
    lastTriggeredAt: webhook.lastTriggeredAt ?? null,
  };
}

export interface ArgilSubtitleStyleModel {
  typename: 'ArgilSubtitleStyle';
  providerId: string;
  name: string | null;
}

export function fromArgilSubtitleStyle(style: ArgilSubtitleStyle): ArgilSubtitleStyleModel {
  return { typename: 'ArgilSubtitleStyle', providerId: style.id, name: style.name ?? null };
}
