/**
 * Each registered provider's settings, as config.ts reads them and
 * services.ts takes them: `<name>BaseUrl`, `<name>ApiKey` and, for a
 * provider that signs its webhooks, `<name>WebhookSecret` (`kreaBaseUrl`,
 * `argilWebhookSecret`). Flat names rather than a map, so the config and
 * the services read as the runtime contract's variables do, and a new
 * provider adds its settings without a line here.
 */

export type ProviderSetting = 'BaseUrl' | 'ApiKey' | 'WebhookSecret';

export type ProviderSettings = {
  [setting: `${string}BaseUrl`]: string | undefined;
} & {
  [setting: `${string}ApiKey`]: string | undefined;
} & {
  [setting: `${string}WebhookSecret`]: string | undefined;
};

/** `settingKey('krea', 'BaseUrl')` → `kreaBaseUrl`. */
export function settingKey<S extends ProviderSetting>(provider: string, setting: S): `${string}${S}` {
  return `${provider}${setting}`;
}
