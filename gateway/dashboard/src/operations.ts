import source from '@ukp/dashboard-operations?raw';
import { operationsOf } from './operation-text.js';

// The page sends the text of schema/operations/dashboard.graphql itself: the same file codegen
// puts in the trusted documents manifest, so what is sent is always what the gateway trusts
// (it compares a canonical hash: comments and whitespace do not matter).
const operations = operationsOf(source);

export function operation(name: string): string {
  const text = operations.get(name);
  if (!text) throw new Error(`no operation ${name} in dashboard.graphql`);
  return text;
}
