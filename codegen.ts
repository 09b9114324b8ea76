/**
 * `npm run codegen`: typed documents (TypedDocumentNode) for the example
 * operations, generated from the checked-in schema.graphql.
 */
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['examples/operations/**/*.graphql'],
  generates: {
    'examples/generated/': {
      preset: 'client',
      // Also writes persisted-documents.json (SHA-256 of each document => its text), the
      // manifest of PERSISTED_OPERATIONS=only; the documents keep their text, so they work
      // against a gateway in either mode, and their hash is the one APQ clients send.
      presetConfig: { persistedDocuments: { mode: 'embedHashInDocument', hashAlgorithm: 'sha256' } },
      config: {
        // Under NodeNext the generated imports must carry their extension.
        emitLegacyCommonJSImports: false,
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: {
          DateTime: 'string',
          URL: 'string',
          UUID: 'string',
          JSON: 'unknown',
          NonNegativeInt: 'number',
        },
      },
    },
  },
};

export default config;
