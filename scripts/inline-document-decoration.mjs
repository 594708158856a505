// codegen hook: replaces the client's import of DocumentTypeDecoration with a local interface.
import { readFileSync, writeFileSync } from 'node:fs';

const IMPORT = /import type \{ DocumentTypeDecoration \} from '@graphql-typed-document-node\/core';\n/;
const LOCAL =
  'interface DocumentTypeDecoration<TResult, TVariables> { __apiType?: (variables: TVariables) => TResult }\n';
for (const file of process.argv.slice(2)) {
  const text = readFileSync(file, 'utf8');
  if (IMPORT.test(text)) writeFileSync(file, text.replace(IMPORT, LOCAL));
}
