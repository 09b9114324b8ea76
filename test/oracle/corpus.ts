/**
 * The oracle's hand-written operations, one or more per dimension where
 * executors differ: literal vs variable arguments of every kind (ID, UUID,
 * String, Int, Boolean, enums, lists, input objects, @oneOf inputs, custom
 * scalars), fragments, aliases, @include/@skip, nulls in lists, defaults,
 * invalid and unknown values. Mutations here are refused before anything is
 * sent upstream (nothing is spent or changed); the test checks that.
 */
import { encodeGlobalId } from '../../src/schema/global-id.js';
import type { ValuePools } from './pools.js';
import { SlotWriter } from './render.js';
import type { OperationKind, Template } from './render.js';

type Slot = SlotWriter['slot'];

function template(
  name: string,
  kind: OperationKind,
  write: (slot: Slot) => string | { body: string; fragments: string },
): Template {
  const writer = new SlotWriter();
  const written = write((type, value, variable) => writer.slot(type, value, variable));
  const { body, fragments } = typeof written === 'string' ? { body: written, fragments: undefined } : written;
  return { name, kind, body, fragments, slots: writer.slots };
}

const JOB =
  '__typename id state isTerminal provider ... on KreaJob { kreaStatus: status providerId } ... on ArgilVideo { videoStatus: status name }';
const ASSET = '__typename id kind status provider ... on KreaAsset { width height } ... on ArgilAsset { type }';

/** Subscriptions: run over SSE and WebSocket. */
export function subscriptionTemplates(pools: ValuePools): Template[] {
  const [kreaJob, otherKreaJob] = pools.globalIds.KreaJob!;
  const argilVideo = pools.globalIds.ArgilVideo![0]!;
  const kreaAsset = pools.globalIds.KreaAsset![0]!;
  const argilAsset = pools.globalIds.ArgilAsset![0]!;
  const sub = (name: string, write: Parameters<typeof template>[2]) => template(name, 'subscription', write);
  return [
    sub('jobUpdates of a Krea job', (s) => `{ jobUpdates(id: ${s('ID!', kreaJob)}) { ${JOB} } }`),
    sub(
      'jobUpdates, variable named like the argument',
      (s) => `{ jobUpdates(id: ${s('ID!', otherKreaJob, 'id')}) { state } }`,
    ),
    sub('jobUpdates of an Argil video', (s) => `{ jobUpdates(id: ${s('ID!', argilVideo, 'job')}) { ${JOB} } }`),
    // The README's own Argil example (its literal form was refused under graphql-jit).
    sub('the README example', (s) => `{ jobUpdates(id: ${s('ID!', argilVideo)}) { state providerStatus outputUrls } }`),
    sub('kreaJobUpdates', (s) => `{ kreaJobUpdates(id: ${s('ID!', kreaJob)}) { providerId status isTerminal } }`),
    sub('assetUpdates of a Krea asset', (s) => `{ assetUpdates(id: ${s('ID!', kreaAsset)}) { ${ASSET} } }`),
    sub('assetUpdates of an Argil asset', (s) => `{ assetUpdates(id: ${s('ID!', argilAsset)}) { ${ASSET} } }`),
    sub('aliased subscription field', (s) => `{ watched: jobUpdates(id: ${s('ID!', kreaJob)}) { now: state } }`),
    sub('named and inline fragments', (s) => ({
      body: `{ jobUpdates(id: ${s('ID!', kreaJob)}) { ...JobParts ... on KreaJob { result { urls } } } }`,
      fragments: 'fragment JobParts on Job { id state ... on KreaJob { status } }',
    })),
    sub('@include and @skip inside', (s) => {
      const include = s('Boolean!', false, 'withStatus');
      const skip = s('Boolean!', true, 'skipState');
      return `{ kreaJobUpdates(id: ${s('ID!', kreaJob)}) { providerId status @include(if: ${include}) state @skip(if: ${skip}) } }`;
    }),
    sub('jobUpdates of an asset id (wrong type)', (s) => `{ jobUpdates(id: ${s('ID!', kreaAsset)}) { state } }`),
    sub(
      'kreaJobUpdates of a video id (wrong type)',
      (s) => `{ kreaJobUpdates(id: ${s('ID!', argilVideo)}) { status } }`,
    ),
    sub('assetUpdates of a malformed id', (s) => `{ assetUpdates(id: ${s('ID!', 'not-a-global-id')}) { status } }`),
    sub(
      'jobUpdates of an unknown job',
      (s) => `{ jobUpdates(id: ${s('ID!', pools.globalIds.Unknown![1]!)}) { state } }`,
    ),
    sub('an Int where an ID goes', (s) => `{ jobUpdates(id: ${s('ID!', 42)}) { state } }`),
    sub('null for a required id', (s) => `{ jobUpdates(id: ${s('ID!', null)}) { state } }`),
    sub('fields that cannot merge (invalid document)', (s) => {
      return `{ jobUpdates(id: ${s('ID!', kreaJob)}) { ... on KreaJob { status } ... on ArgilVideo { status } } }`;
    }),
  ];
}

/** Queries and mutations: run as a GraphQL POST. */
export function operationTemplates(pools: ValuePools): Template[] {
  const kreaAssetId = pools.providerIds.kreaAsset![0]!;
  const kreaJobId = pools.providerIds.kreaJob![0]!;
  const style = pools.providerIds.kreaStyle![0]!;
  const gid = (type: string, index = 0) => pools.globalIds[type]![index]!;
  const query = (name: string, write: Parameters<typeof template>[2]) => template(name, 'query', write);
  const mutation = (name: string, write: Parameters<typeof template>[2]) => template(name, 'mutation', write);
  return [
    // Every argument kind, as a literal and as a variable (the forms).
    query('ID: node', (s) => `{ node(id: ${s('ID!', gid('KreaJob'))}) { id __typename ... on KreaJob { status } } }`),
    query('ID: node of each type', (s) => {
      const types = ['KreaAsset', 'ArgilAsset', 'KreaStyle', 'KreaNodeApp', 'ArgilVideo', 'ArgilAvatar', 'ArgilVoice'];
      return `{ ${types.map((type) => `${type}: node(id: ${s('ID!', gid(type))}) { __typename id }`).join(' ')} }`;
    }),
    query('ID: nodes with unknown and malformed ids', (s) => {
      const ids = [gid('KreaAsset'), pools.globalIds.Unknown![0]!, 'not-a-global-id', gid('ArgilAsset')];
      return `{ nodes(ids: ${s('[ID!]!', ids)}) { __typename id } }`;
    }),
    query('ID: a single id where a list goes', (s) => `{ nodes(ids: ${s('[ID!]!', gid('KreaJob'))}) { id } }`),
    query(
      'UUID: kreaAsset',
      (s) => `{ kreaAsset(id: ${s('UUID!', kreaAssetId)}) { id width height mimeType metadata } }`,
    ),
    query(
      'UUID: upper-case spelling',
      (s) => `{ kreaJob(id: ${s('UUID!', kreaJobId.toUpperCase())}) { providerId status } }`,
    ),
    query('UUID: unknown', (s) => `{ kreaJob(id: ${s('UUID!', pools.unknownUuid)}) { status } }`),
    query('UUID: malformed', (s) => `{ kreaAsset(id: ${s('UUID!', 'not-a-uuid')}) { id } }`),
    query('String: kreaStyle', (s) => `{ kreaStyle(id: ${s('String!', style)}) { id title } }`),
    query('String: unknown style', (s) => `{ kreaStyle(id: ${s('String!', 'no-such-style')}) { id } }`),
    query('String: argilAvatars filters', (s) => {
      return `{ argilAvatars(model: ${s('String', 'ARGIL_V1')}, orientation: ${s('String', 'ASPECT_RATIO_9_16')}) { name model orientation } }`;
    }),
    query('String: refused filter value', (s) => `{ argilVoices(language: ${s('String', 'KLINGON')}) { name } }`),
    query(
      'Int: first',
      (s) => `{ kreaAssets(first: ${s('Int', 2)}) { edges { cursor node { id } } pageInfo { hasNextPage } } }`,
    ),
    query('Int: last', (s) => `{ argilVideos(last: ${s('Int', 2)}) { nodes { name status } } }`),
    query('Int: negative first', (s) => `{ kreaAssets(first: ${s('Int', -1)}) { nodes { id } } }`),
    query('Int: above the page size', (s) => `{ argilAssets(first: ${s('Int', 101)}) { nodes { id } } }`),
    query('Int: out of 32 bits', (s) => `{ kreaAssets(first: ${s('Int', 2_147_483_648)}) { nodes { id } } }`),
    query('Int: a float', (s) => `{ kreaAssets(first: ${s('Int', 1.5)}) { nodes { id } } }`),
    query('Int: a string', (s) => `{ kreaAssets(first: ${s('Int', 'two')}) { nodes { id } } }`),
    query(
      'Boolean: liked',
      (s) => `{ kreaStyles(first: ${s('Int', 2)}, liked: ${s('Boolean', true)}) { nodes { id } } }`,
    ),
    query(
      'enum: kreaJobs status',
      (s) => `{ kreaJobs(first: ${s('Int', 3)}, status: ${s('KreaJobStatus', 'COMPLETED')}) { nodes { status } } }`,
    ),
    query('enum: unknown value', (s) => `{ kreaJobs(status: ${s('KreaJobStatus', 'DONE')}) { nodes { status } } }`),
    query(
      'enum: styles filter',
      (s) => `{ kreaStyles(first: ${s('Int', 2)}, filter: ${s('KreaStyleFilter', 'COMMUNITY')}) { nodes { id } } }`,
    ),
    query(
      'list of enums',
      (s) =>
        `{ argilAssets(first: ${s('Int', 3)}, types: ${s('[ArgilAssetType!]', ['IMAGE', 'VIDEO'])}) { nodes { type } } }`,
    ),
    query(
      'a single enum where a list goes',
      (s) => `{ argilAssets(first: ${s('Int', 3)}, types: ${s('[ArgilAssetType!]', 'AUDIO')}) { nodes { type } } }`,
    ),
    query(
      'list of strings',
      (s) =>
        `{ kreaJobs(first: ${s('Int', 3)}, types: ${s('[String!]', ['flux', 'k1'])}) { nodes { providerStatus } } }`,
    ),
    query(
      'null in a list of non-null',
      (s) => `{ kreaJobs(types: ${s('[String!]', ['flux', null])}) { nodes { status } } }`,
    ),
    query(
      'null for a nullable list',
      (s) => `{ kreaJobs(first: ${s('Int', 2)}, types: ${s('[String!]', null)}) { nodes { status } } }`,
    ),
    query('input object: assets filter', (s) => {
      const filter = { providers: ['KREA'], kinds: ['IMAGE', 'VIDEO'], status: 'READY' };
      return `{ assets(first: ${s('Int', 3)}, filter: ${s('AssetFilter', filter)}) { nodes { ${ASSET} } } }`;
    }),
    query('input object: DateTime fields', (s) => {
      const filter = { createdBefore: pools.timestamps[0], createdAfter: pools.timestamps[2] };
      return `{ assets(first: ${s('Int', 3)}, filter: ${s('AssetFilter', filter)}) { nodes { createdAt } } }`;
    }),
    query(
      'input object: a bad DateTime',
      (s) => `{ assets(filter: ${s('AssetFilter', { createdAfter: 'yesterday' })}) { nodes { id } } }`,
    ),
    query('input object: jobs filter with explicit nulls', (s) => {
      return `{ jobs(first: ${s('Int', 3)}, filter: ${s('JobFilter', { providers: null, states: ['SUCCEEDED', 'FAILED'] })}) { nodes { ${JOB} } } }`;
    }),
    query(
      'input object: unknown field',
      (s) => `{ jobs(filter: ${s('JobFilter', { kinds: ['IMAGE'] })}) { nodes { id } } }`,
    ),
    query('input object with a variable inside a literal', (s) => {
      return `{ jobs(first: 2, filter: { providers: ${s('[Provider!]', ['ARGIL'])}, states: [SUCCEEDED] }) { nodes { ${JOB} } } }`;
    }),
    query('_Any: entity representations', (s) => {
      return `{ _entities(representations: ${s('[_Any!]!', pools.representations)}) { __typename ... on KreaAsset { id width } ... on ArgilAsset { type } ... on KreaJob { status } ... on KreaStyle { title } } }`;
    }),
    query(
      'cursor: garbage after',
      (s) => `{ assets(first: 1, after: ${s('String', 'bm90IGEgY3Vyc29y')}) { nodes { id } } }`,
    ),
    // Fragments, aliases, directives.
    query('aliases of one field with different arguments', (s) => {
      return `{ a: kreaAsset(id: ${s('UUID!', kreaAssetId)}) { id } b: kreaAsset(id: ${s('UUID!', pools.providerIds.kreaAsset![1]!)}) { id } c: kreaAsset(id: ${s('UUID!', pools.unknownUuid)}) { id } }`;
    }),
    query('named fragments, nested, with a directive on a spread', (s) => ({
      body: `{ jobs(first: ${s('Int', 4)}) { edges { node { ...JobCard } } pageInfo { ...Page @skip(if: ${s('Boolean!', false)}) } } }`,
      fragments: `fragment JobCard on Job { id ...State ... on ArgilVideo { name } }\nfragment State on Job { state isTerminal }\nfragment Page on PageInfo { hasNextPage endCursor }`,
    })),
    query('inline fragments with directives', (s) => {
      return `{ node(id: ${s('ID!', gid('ArgilVideo'))}) { id ... on ArgilVideo @include(if: ${s('Boolean!', true)}) { name status } ... on ArgilVideo @skip(if: ${s('Boolean!', true)}) { aspectRatio } } }`;
    }),
    query('@include and @skip on one field', (s) => {
      return `{ kreaAsset(id: ${s('UUID!', kreaAssetId)}) { id width @include(if: ${s('Boolean!', true)}) @skip(if: ${s('Boolean!', true)}) height @include(if: ${s('Boolean!', true)}) } }`;
    }),
    query(
      '@skip on a root field',
      (s) => `{ kreaAsset(id: ${s('UUID!', kreaAssetId)}) @skip(if: ${s('Boolean!', true)}) { id } __typename }`,
    ),
    query('root __typename and introspection', (s) => {
      return `{ __typename __type(name: ${s('String!', 'KreaJobStatus')}) { name enumValues { name } } }`;
    }),
    query('a required variable left out', (s) => `{ node(id: ${s('ID!', null)}) { id } }`),
    query('fields that cannot merge (invalid document)', (s) => {
      return `{ jobs(first: ${s('Int', 2)}) { nodes { ... on KreaJob { status } ... on ArgilVideo { status } } } }`;
    }),
    query('one response name for two arguments (invalid document)', (s) => {
      return `{ a: kreaAsset(id: ${s('UUID!', kreaAssetId)}) { id } a: kreaAsset(id: ${s('UUID!', pools.unknownUuid)}) { id } }`;
    }),
    // Mutations that are refused before any upstream write.
    mutation(
      '@oneOf: no member',
      (s) => `{ generateKreaImage(input: ${s('KreaImageGenerationInput!', {})}) { job { id } } }`,
    ),
    mutation('@oneOf: two members', (s) => {
      const input = { bflFlux1Dev: { prompt: 'a' }, bflFlux11Pro: { prompt: 'b' } };
      return `{ generateKreaImage(input: ${s('KreaImageGenerationInput!', input)}) { job { id } } }`;
    }),
    mutation(
      '@oneOf: a null member',
      (s) => `{ generateKreaVideo(input: ${s('KreaVideoGenerationInput!', { alibabaWan21: null })}) { job { id } } }`,
    ),
    mutation('JSON: node-app input the app refuses', (s) => {
      const app = pools.providerIds.kreaNodeApp![0]!;
      return `{ executeKreaNodeApp(id: ${s('String!', app)}, input: ${s('JSON!', { prompt: '', extra: [1, { deep: true }] })}) { jobs { id } } }`;
    }),
    mutation(
      'ID: delete by a malformed id',
      (s) => `{ deleteAsset(id: ${s('ID!', 'not-a-global-id')}) { deletedId } }`,
    ),
    mutation(
      'ID: render a foreign id',
      (s) => `{ renderArgilVideo(id: ${s('ID!', gid('KreaJob'))}) { video { id } } }`,
    ),
    mutation('URL: an invalid URL in a list', (s) => {
      return `{ updateKreaStyle(id: ${s('String!', style)}, input: ${s('UpdateKreaStyleInput!', { urls: ['https://example.com/a.png', 'not a url'] })}) { id } }`;
    }),
    mutation('two refused fields run in order', (s) => {
      return `{ first: deleteKreaJob(id: ${s('ID!', encodeGlobalId('KreaAsset', kreaAssetId))}) { deletedId } second: deleteArgilVideo(id: ${s('ID!', 'bad')}) { deletedId } }`;
    }),
  ];
}
