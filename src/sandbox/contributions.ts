/**
 * What each provider's simulated API adds to the sandbox's types. The
 * sandbox's code names no provider; a provider's sandbox folder declares its
 * own members here by declaration merging (its `sandbox/index.ts`:
 * `declare module '…/sandbox/contributions.js' { interface SimulatedData { … } }`),
 * so a test reads `sandbox.kreaUrl` or `tenant.data.kreaJobs` typed. At run
 * time the same members come from the simulated APIs the registry lists.
 */

/** The names of the providers whose folders add typed members (`krea: true`): `<name>Url`, `<name>Key`, … */
export interface SimulatedNames {}

/** A tenant's data: each provider's own fields (`kreaAssets`, `argilVideos`, …). */
export interface SimulatedData {}

/** The sizes of that data `startSandbox` takes (`kreaAssets`, …); each has a default and maybe a variable. */
export interface SimulatedSizes {}

/** What a provider adds to the `Sandbox` object (a helper such as `failKreaJob`). */
export interface SimulatedHelpers {}

/** What a provider adds to `sandbox.controls` (a record such as Krea's `uploads`). */
export interface SimulatedControls {}

/** What a provider adds to `sandbox.webhooks` (a list such as Argil's `argilEndpoints`). */
export interface SimulatedWebhooks {}

export type SimulatedName = keyof SimulatedNames & string;
