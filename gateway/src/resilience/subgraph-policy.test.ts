import { describe, expect, it } from 'vitest';
import { BrokenCircuitError, isTransient, SubgraphPolicy } from './subgraph-policy.js';

const refused = () => Object.assign(new Error('fetch failed'), { code: 'ECONNREFUSED' });

describe('SubgraphPolicy', () => {
  it('retries a failing query and succeeds when the subgraph recovers', async () => {
    const policy = new SubgraphPolicy('users', { attempts: 3, breakerThreshold: 10, halfOpenAfterMs: 1000 });
    let calls = 0;
    const result = await policy.run('query', async () => {
      calls += 1;
      if (calls < 3) throw refused();
      return 'ok';
    });
    expect(result).toBe('ok');
    expect(calls).toBe(3);
  });

  it('never retries a mutation', async () => {
    const policy = new SubgraphPolicy('users', { attempts: 3, breakerThreshold: 10, halfOpenAfterMs: 1000 });
    let calls = 0;
    await expect(
      policy.run('mutation', async () => {
        calls += 1;
        throw refused();
      }),
    ).rejects.toThrow('fetch failed');
    expect(calls).toBe(1);
  });

  it('does not retry what is not transient (a 400, a GraphQL error)', async () => {
    const policy = new SubgraphPolicy('users', { attempts: 3, breakerThreshold: 10, halfOpenAfterMs: 1000 });
    let calls = 0;
    const badRequest = Object.assign(new Error('400'), { extensions: { response: { status: 400 } } });
    await expect(
      policy.run('query', async () => {
        calls += 1;
        throw badRequest;
      }),
    ).rejects.toBe(badRequest);
    expect(calls).toBe(1);
  });

  it('opens after consecutive failures, fails fast, and closes after a good trial', async () => {
    const policy = new SubgraphPolicy('knowledge', { attempts: 1, breakerThreshold: 3, halfOpenAfterMs: 50 });
    let calls = 0;
    const failing = async () => {
      calls += 1;
      throw refused();
    };
    for (let i = 0; i < 3; i += 1) await expect(policy.run('query', failing)).rejects.toThrow('fetch failed');
    expect(policy.state).toBe('open');
    await expect(policy.run('query', failing)).rejects.toBeInstanceOf(BrokenCircuitError);
    expect(calls).toBe(3);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(await policy.run('query', async () => 'back')).toBe('back');
    expect(policy.state).toBe('closed');
  });

  it('classifies failures', () => {
    expect(isTransient(refused())).toBe(true);
    expect(isTransient(Object.assign(new Error('x'), { name: 'TimeoutError' }))).toBe(true);
    expect(isTransient({ extensions: { response: { status: 503 } } })).toBe(true);
    expect(isTransient({ extensions: { response: { status: 500 } } })).toBe(false);
    expect(isTransient(new Error('Cannot query field'))).toBe(false);
  });
});
