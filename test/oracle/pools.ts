/**
 * Argument values the oracle's operations draw from, taken from one sandbox
 * tenant's data: ids that exist (so resolvers reach the providers and answer
 * data), ids that are well-formed but unknown, and a few that are malformed
 * (so errors are compared too).
 */
import type { TenantData } from '../../src/sandbox/data.js';
import { encodeGlobalId } from '../../src/schema/global-id.js';

export interface ValuePools {
  /** Global ids by node type name. */
  globalIds: Record<string, string[]>;
  /** Provider ids (UUIDs, or Krea's own strings) by the Query field that takes them. */
  providerIds: Record<string, string[]>;
  /** A UUID no sandbox object has. */
  unknownUuid: string;
  /** Strings that are no global id at all. */
  malformedIds: string[];
  /** Timestamps the data has (DateTime arguments). */
  timestamps: string[];
  kreaJobTypes: string[];
  kreaStyleModels: string[];
  /** Argil's list filters that are plain strings in the schema. */
  argil: { models: string[]; orientations: string[]; visibilities: string[]; genders: string[]; languages: string[] };
  /** Federation representations (`_Any`) of existing entities. */
  representations: Array<Record<string, string>>;
}

const UNKNOWN_UUID = '0f0e0d0c-0b0a-4909-8807-060504030201';

export function valuePools(data: TenantData): ValuePools {
  const few = <T>(items: readonly T[], count = 6) => items.slice(0, count);
  const kreaAssets = few(data.kreaAssets.map((a) => a.id));
  const argilAssets = few(data.argilAssets.map((a) => a.id));
  const kreaJobs = few(data.kreaJobs.map((j) => j.job_id));
  const argilVideos = few(data.argilVideos.map((v) => v.id));
  const kreaStyles = few(data.kreaStyles.map((s) => s.id));
  const kreaNodeApps = data.kreaNodeApps.map((a) => a.id);
  const ids = (typename: string, providerIds: readonly string[]) =>
    providerIds.map((id) => encodeGlobalId(typename, id));
  return {
    globalIds: {
      KreaAsset: ids('KreaAsset', kreaAssets),
      ArgilAsset: ids('ArgilAsset', argilAssets),
      KreaJob: ids('KreaJob', kreaJobs),
      ArgilVideo: ids('ArgilVideo', argilVideos),
      KreaStyle: ids('KreaStyle', kreaStyles),
      KreaNodeApp: ids('KreaNodeApp', kreaNodeApps),
      ArgilAvatar: ids(
        'ArgilAvatar',
        few(
          data.argilAvatars.map((a) => a.id),
          3,
        ),
      ),
      ArgilVoice: ids(
        'ArgilVoice',
        few(
          data.argilVoices.map((v) => v.id),
          3,
        ),
      ),
      Unknown: [encodeGlobalId('KreaAsset', UNKNOWN_UUID), encodeGlobalId('KreaJob', UNKNOWN_UUID)],
    },
    providerIds: {
      kreaAsset: kreaAssets,
      argilAsset: argilAssets,
      kreaJob: kreaJobs,
      argilVideo: argilVideos,
      kreaStyle: kreaStyles,
      kreaNodeApp: kreaNodeApps,
    },
    unknownUuid: UNKNOWN_UUID,
    malformedIds: ['not-a-global-id', 'S3JlYUFzc2V0Om5vcGU=', ''],
    timestamps: few(
      data.kreaAssets.map((a) => a.uploaded_at).filter((_, i) => i % 7 === 3),
      4,
    ),
    kreaJobTypes: ['flux', 'k1', 'externalImage', 'loraTraining', 'krea-2'],
    kreaStyleModels: ['flux_dev', 'wan', 'qwen'],
    argil: {
      models: ['ARGIL_V1', 'ARGIL_ATOM'],
      orientations: ['ASPECT_RATIO_16_9', 'ASPECT_RATIO_9_16'],
      visibilities: ['public', 'private'],
      genders: ['MALE', 'FEMALE'],
      languages: ['ENGLISH', 'FRENCH', 'SPANISH', 'GERMAN'],
    },
    representations: [
      { __typename: 'KreaAsset', id: encodeGlobalId('KreaAsset', kreaAssets[0]!) },
      { __typename: 'KreaAsset', providerId: kreaAssets[1]! },
      { __typename: 'ArgilAsset', providerId: argilAssets[0]! },
      { __typename: 'KreaJob', id: encodeGlobalId('KreaJob', kreaJobs[0]!) },
      { __typename: 'KreaStyle', providerId: kreaStyles[0]! },
      { __typename: 'KreaJob', providerId: UNKNOWN_UUID },
    ],
  };
}
