/**
 * What a provider's schema contribution tells the core schema
 * (`providers/<name>/schema/index.ts` exports one, the registry lists it):
 * besides the types and root fields it registers on the builder itself, the
 * registrations the core's own fields dispatch on by a global id's type
 * name (`node`/`nodes`, `_entities`, `deleteAsset`), and the words the core's
 * descriptions borrow so that they name every provider (wording.ts).
 */
import type { ObjectRef } from '@pothos/core';
import type { RequestContext } from '../context.js';
import type { WatchConcept } from '../live/watch.js';
import type { builder } from './builder.js';

export type BuilderTypes = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

/** One type of Node a provider owns. */
export interface NodeRegistration {
  /** Its provider ids when they are not UUIDs (Krea's styles have ids of their own). */
  idPattern?: RegExp | undefined;
  /** The object of that id, through the request's loaders; null when unknown. */
  load(context: RequestContext, id: string): Promise<object | null>;
  /** Also a federation entity, with the keys `id` and `providerId`. */
  entity?: ObjectRef<BuilderTypes, unknown> | undefined;
  /** Deletes it (`deleteAsset`, for an asset type). */
  deleteAsset?: ((context: RequestContext, id: string) => Promise<void>) | undefined;
  /** Answers holding it are cached briefly only (its state moves: a job, a video). */
  changes?: boolean | undefined;
  /** `assetUpdates` or `jobUpdates` watch it (its provider's runtime says how it is polled: live/watch.ts). */
  watched?: WatchConcept | undefined;
}

/** The words the core's descriptions take from each provider; each is optional. */
export interface ProviderWording {
  /** Its `Provider` enum value: `Krea (api.krea.ai).` */
  enumValue: string;
  /** AssetKind: how its kinds are read (`from mime_type`). */
  assetKind?: string;
  /** AssetKind.MODEL_3D: what a 3D model is to it (`a model/* mime type`). */
  model3d?: string;
  /** AssetStatus: a sentence on its assets' status. */
  assetStatus?: string;
  /** AssetFilter.status: whose default READY is (`Argil's own default`). */
  statusDefault?: string;
  /** JobState.DRAFT: which of its jobs are drafts (`an Argil video before renderArgilVideo`). */
  draftJob?: string;
  /** Job: what its jobs are (`a Krea job (generation, …)`). */
  job?: string;
  /** The jobs feed: its items (`Krea jobs`), and as a page holds them (`Krea's jobs`). */
  jobsFeed?: { items: string; held: string };
  /** Query: what else of it can be read (`styles, node apps`). */
  reads?: string;
}

/** Its part of the query GraphiQL opens on (server/graphiql.ts). */
export interface ProviderExample {
  /** Root fields of the example query, as they are printed (indented two spaces). */
  fields: string;
  /** A field to try next (`argilAssets(last: 5)`). */
  next?: string | undefined;
}

export interface SchemaContribution {
  /** Its Node types, by type name. */
  nodes: Readonly<Record<string, NodeRegistration>>;
  /** Its part of GraphiQL's example query. */
  example?: ProviderExample | undefined;
  /** Root query fields that only page forward (their provider pages by an "older than" cursor). */
  forwardOnly?: readonly string[] | undefined;
  wording: ProviderWording;
}
