import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Supergraph } from '@apollo/federation-internals';
import { Kind, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from './config.js';
import { createOperationLimits } from './index.js';
import { fieldWeights } from './list-cost.js';
import { listLimitsWithVariables, measureOperation } from './list-limits.js';

const root = new URL('../../../schema/', import.meta.url);
const schema = Supergraph.build(readFileSync(new URL('supergraph.graphql', root), 'utf8'))
  .apiSchema()
  .toGraphQLJSSchema();
const operationsDir = fileURLToPath(new URL('operations/', root));
const files = readdirSync(operationsDir).filter((name) => name.endsWith('.graphql'));

// The most any page argument may ask for (the subgraphs refuse more with BAD_USER_INPUT).
const LARGEST_PAGE = 100;

/** The defaults must leave the platform's own operations plenty of room, not just let them pass. */
describe.each(files)('the operations in schema/operations/%s', (file) => {
  const text = readFileSync(`${operationsDir}${file}`, 'utf8');
  const document = parse(text);
  const limits = createOperationLimits(DEFAULT_LIMITS, { production: true });
  const fragments = new Map(
    document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d]] : [])),
  );
  const operations = document.definitions.flatMap((d) => (d.kind === Kind.OPERATION_DEFINITION ? [d] : []));

  it('pass every limit, statically and with the largest pages', () => {
    // All of the file's operations at once, even, are within the token and length limits.
    expect(limits.checkSource(text)).toBeUndefined();
    expect(validate(schema, document, [...limits.validationRules])).toEqual([]);
    for (const operation of operations) {
      const pages = Object.fromEntries(
        (operation.variableDefinitions ?? [])
          .filter((v) => v.variable.name.value === 'first')
          .map((v) => [v.variable.name.value, LARGEST_PAGE]),
      );
      const name = operation.name?.value;
      expect(listLimitsWithVariables(document, pages, schema, DEFAULT_LIMITS, name), name).toBeUndefined();
      // Comfortably: within a quarter of the list limits even with 100-item pages.
      const measured = measureOperation(schema, operation, (f) => fragments.get(f), pages);
      expect(measured.items, name).toBeLessThanOrEqual(DEFAULT_LIMITS.maxListItems / 4);
      expect(measured.cost, name).toBeLessThanOrEqual(DEFAULT_LIMITS.maxCost / 4);
      // Large text is weighed by its size: a page of 100 revision bodies (up to 25 MiB) may use
      // more of the cost, but stays well within it.
      const weights = fieldWeights(DEFAULT_LIMITS.fieldWeights);
      const weighed = measureOperation(schema, operation, (f) => fragments.get(f), pages, weights);
      expect(weighed.cost, name).toBeLessThanOrEqual(DEFAULT_LIMITS.maxCost * 0.6);
    }
  });
});
