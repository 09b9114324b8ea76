/** PUBLIC_URL and WEBHOOK_SECRET: where providers deliver webhooks to, and what the gateway signs its tokens with. */
export interface WebhookConfig {
  /** The gateway's external origin, e.g. https://media.example.com. */
  publicUrl: string;
  secret: string;
  /** The clock tokens are issued and checked by (tests move it). @default Date.now */
  now?: (() => number) | undefined;
}
