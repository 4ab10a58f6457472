// GraphQL Code Generator: the Pothos schema is the source of truth. Emits the sorted
// schema.graphql and typed documents for the tests (test/gql/). CODEGEN_OUT_DIR redirects
// both, which is how `npm test` checks that the checked-in copies are fresh.
import type { CodegenConfig } from '@graphql-codegen/cli';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { schema } from './src/schema/index.js';

const out = process.env.CODEGEN_OUT_DIR ?? '.';

const config: CodegenConfig = {
  schema: printSchema(lexicographicSortSchema(schema)),
  documents: ['test/**/*.ts', '!test/gql/**'],
  ignoreNoDocuments: true,
  generates: {
    [`${out}/schema.graphql`]: { plugins: ['schema-ast'] },
    [`${out}/test/gql/`]: {
      preset: 'client',
      config: { useTypeImports: true, enumsAsTypes: true, importExtension: '.js' },
      presetConfig: { fragmentMasking: false },
    },
  },
};

export default config;
