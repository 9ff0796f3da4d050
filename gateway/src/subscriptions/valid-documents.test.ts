import { buildSchema, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { ValidDocuments } from './valid-documents.js';
import { parseOperation } from './validation.js';

const schema = buildSchema('type Query { a: Int } type Subscription { ticks: Int }');
const source = 'subscription Ticks { ticks }';

function parsed(text: string) {
  const result = parseOperation(text, undefined);
  if (!('document' in result)) throw new Error('did not parse');
  return result;
}

describe('ValidDocuments', () => {
  it('hands back the document validated for the same schema, source and operation name', () => {
    const documents = new ValidDocuments();
    const entry = parsed(source);
    documents.add(schema, source, undefined, entry);
    expect(documents.get(schema, source, undefined)?.parsed).toBe(entry);
    expect(documents.get(schema, source, 'Ticks')).toBeUndefined();
    expect(documents.get(schema, `${source} `, undefined)).toBeUndefined();
  });

  it('forgets everything when the schema changes', () => {
    const documents = new ValidDocuments();
    documents.add(schema, source, undefined, parsed(source));
    const reloaded = buildSchema('type Query { a: Int } type Subscription { ticks: String }');
    expect(documents.get(reloaded, source, undefined)).toBeUndefined();
    documents.add(reloaded, 'subscription { ticks }', undefined, parsed('subscription { ticks }'));
    expect(documents.get(schema, source, undefined)).toBeUndefined();
  });

  it('remembers the variables that passed the limits, short ones and a bounded number of them', () => {
    const documents = new ValidDocuments();
    const entry = documents.add(schema, source, undefined, parsed(source));
    expect(entry.withinLimitsWith('{"n":1}')).toBe(false);
    entry.passedLimitsWith('{"n":1}');
    entry.passedLimitsWith(JSON.stringify({ n: 'x'.repeat(2000) }));
    expect(entry.withinLimitsWith('{"n":1}')).toBe(true);
    expect(entry.withinLimitsWith('{"n":2}')).toBe(false);
    expect(entry.withinLimitsWith(JSON.stringify({ n: 'x'.repeat(2000) }))).toBe(false);
    for (let n = 2; n < 200; n += 1) entry.passedLimitsWith(`{"n":${n}}`);
    expect(entry.withinLimitsWith('{"n":63}')).toBe(true);
    expect(entry.withinLimitsWith('{"n":199}')).toBe(false);
  });

  it('keeps at most its bound, the oldest going first', () => {
    const documents = new ValidDocuments(2);
    for (const name of ['A', 'B', 'C']) {
      documents.add(schema, `subscription ${name} { ticks }`, undefined, {
        document: parse(`subscription ${name} { ticks }`),
        operation: parsed(`subscription ${name} { ticks }`).operation,
      });
    }
    expect(documents.get(schema, 'subscription A { ticks }', undefined)).toBeUndefined();
    expect(documents.get(schema, 'subscription C { ticks }', undefined)).toBeDefined();
  });
});
