import type { CodegenConfig } from '@graphql-codegen/cli';

// Typed documents from schema.graphql: `graphql(\`...\`)` calls under test/ (for the tests) and under
// client/src (for @sendook/node, as plain strings so the package needs no graphql at run time).
const config: CodegenConfig = {
  schema: 'schema.graphql',
  ignoreNoDocuments: true,
  generates: {
    'test/gql/': {
      documents: ['test/**/*.ts', '!test/gql/**'],
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        importExtension: '.ts',
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: 'string', JSON: 'unknown' },
      },
    },
    'client/src/gql/': {
      documents: ['client/src/**/*.ts', '!client/src/gql/**'],
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        importExtension: '.js',
        documentMode: 'string',
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: 'string', JSON: 'unknown' },
      },
      // The one type the string documents import from @graphql-typed-document-node/core, inlined:
      // a dependency on it would pull graphql into every user's install.
      hooks: { afterOneFileWrite: ['node scripts/inline-document-decoration.mjs'] },
    },
  },
};

export default config;
