// @graphql-eslint over the printed schema (schema.graphql): the recommended
// schema rules and the Relay rules, run by `npm test` (test/schema-lint.test.ts).
// Four rules are adjusted, none turned off:
import graphql from '@graphql-eslint/eslint-plugin';

const recommended = graphql.configs['flat/schema-recommended'].rules;
const [severity, naming] = recommended['@graphql-eslint/naming-convention'];
const FEDERATION = '^_(entities|service|Any|Entity|Service)$';

export default [
  {
    files: ['schema.graphql'],
    languageOptions: { parser: graphql.parser, parserOptions: { graphQLConfig: { schema: 'schema.graphql' } } },
    plugins: { '@graphql-eslint': graphql },
    rules: {
      ...recommended,
      ...graphql.configs['flat/schema-relay'].rules,
      // Apollo Federation names its own fields and types with a leading underscore
      // (_entities, _service, _Any, _Entity, _Service): the spec, not ours to rename.
      '@graphql-eslint/naming-convention': [
        severity,
        {
          ...naming,
          allowLeadingUnderscore: true,
          types: { style: 'PascalCase', ignorePattern: FEDERATION },
          FieldDefinition: { style: 'camelCase', ignorePattern: FEDERATION },
        },
      ],
      // Values without an identity of their own (payloads, pages, a job's result or
      // error, a moment of a video, a share link, the caller and their quota, a subtitle
      // file) have no id to be strict about.
      '@graphql-eslint/strict-id-in-types': [
        'error',
        {
          exceptions: {
            suffixes: ['Payload', 'Connection', 'Edge', 'Share', 'ShareLink'],
            types: [
              'PageInfo',
              'KreaJobResult',
              'KreaJobError',
              'ArgilMoment',
              'ArgilSubtitleExport',
              'Viewer',
              'Quota',
              '_Service',
            ],
          },
        },
      ],
      // Lists of plain values (URLs, moments, models) are ordinary, and `nodes`
      // beside `edges` is the usual shortcut; only connections need edges.
      '@graphql-eslint/relay-edge-types': ['error', { listTypeCanWrapOnlyEdgeType: false }],
      // kreaAssets, kreaJobs, assets, jobs and kreaStyles page forward only: their
      // providers' cursors go one way, so they offer first/after and not last/before.
      '@graphql-eslint/relay-arguments': ['error', { includeBoth: false }],
    },
  },
];
