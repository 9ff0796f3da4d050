import { describe, expect, it } from 'vitest';
import { outcomeOf, RequestObservation } from './request-record.js';

describe('request outcome', () => {
  it('is ok without errors and below 400', () => {
    expect(outcomeOf(false, 200, true)).toBe('ok');
    expect(outcomeOf(false, 200, false)).toBe('ok');
  });

  it('is rejected when refused before anything ran', () => {
    expect(outcomeOf(true, 429, false)).toBe('rejected');
    expect(outcomeOf(true, 400, false)).toBe('rejected');
    expect(outcomeOf(false, 413, false)).toBe('rejected');
  });

  it('is error when it ran with errors, or the server failed', () => {
    expect(outcomeOf(true, 200, true)).toBe('error');
    expect(outcomeOf(true, 500, false)).toBe('error');
  });

  it('turns an observation into a record', () => {
    const observation = new RequestObservation('r1', 'http');
    observation.operationName = 'Me';
    observation.operationType = 'query';
    observation.executed = true;
    observation.errorCodes.push('SUBGRAPH_UNAVAILABLE');
    const record = observation.finish(200);
    expect(record).toMatchObject({
      requestId: 'r1',
      transport: 'http',
      operationName: 'Me',
      operationType: 'query',
      status: 200,
      outcome: 'error',
      errorCodes: ['SUBGRAPH_UNAVAILABLE'],
    });
    expect(record.durationMs).toBeGreaterThanOrEqual(0);
    expect(record.subgraphTimings).toBeUndefined();
  });

  it('adds up the fetch durations per subgraph, rounded to hundredths of a millisecond', () => {
    const observation = new RequestObservation('r2', 'http');
    observation.subgraphFetched('users', 1.004);
    observation.subgraphFetched('knowledge', 10.5);
    observation.subgraphFetched('users', 2.003);
    // 1.004 + 2.003 = 3.007 → 3.01
    expect(observation.finish(200).subgraphTimings).toEqual({ users: 3.01, knowledge: 10.5 });
  });
});
