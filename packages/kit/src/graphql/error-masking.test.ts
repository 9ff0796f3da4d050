import { GraphQLError } from 'graphql';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { appError } from '../errors.js';
import { createErrorFormatter } from './error-masking.js';

function capturingLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'error' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, lines };
}

describe('createErrorFormatter', () => {
  it('passes a registry error through, without its stack trace', () => {
    const { logger, lines } = capturingLogger();
    const format = createErrorFormatter(logger);
    const error = appError('NOT_FOUND', 'Article not found.', { id: 'a1' });
    const formatted = format(
      {
        message: error.message,
        path: ['article'],
        extensions: { ...error.extensions, stacktrace: ['at x'] },
      },
      error,
    );
    expect(formatted).toEqual({
      message: 'Article not found.',
      path: ['article'],
      extensions: { code: 'NOT_FOUND', id: 'a1' },
    });
    expect(lines).toHaveLength(0);
  });

  it('masks anything else as INTERNAL_SERVER_ERROR and logs the detail', () => {
    const { logger, lines } = capturingLogger();
    const format = createErrorFormatter(logger);
    const error = new Error('password=hunter2');
    const formatted = format(
      {
        message: 'password=hunter2',
        locations: [{ line: 1, column: 3 }],
        path: ['boom'],
        extensions: { code: 'SOME_LIBRARY_CODE', stacktrace: ['Error: password=hunter2', 'at x'], secret: 1 },
      },
      error,
    );
    expect(formatted.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    expect(formatted.message).not.toContain('hunter2');
    expect(formatted.message.length).toBeGreaterThan(0);
    expect(formatted.path).toEqual(['boom']);
    expect(formatted.locations).toEqual([{ line: 1, column: 3 }]);
    expect(lines).toHaveLength(1);
    expect(JSON.stringify(lines[0])).toContain('hunter2');
  });

  it('labels a codeless error Apollo gave a 4xx status as BAD_REQUEST, without an error log', () => {
    const { logger, lines } = capturingLogger();
    const format = createErrorFormatter(logger);
    const error = new GraphQLError('Unsupported persisted query version', {
      extensions: { http: { status: 400, headers: new Map() } },
    });
    const formatted = format(
      { message: error.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } },
      error,
    );
    expect(formatted).toEqual({ message: 'The request is malformed.', extensions: { code: 'BAD_REQUEST' } });
    expect(lines).toHaveLength(0);
    // A 5xx status is still ours to mask and log.
    const failure = new GraphQLError('boom', { extensions: { http: { status: 503 } } });
    expect(format({ message: 'boom' }, failure).extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    expect(lines).toHaveLength(1);
  });

  it('masks an explicit INTERNAL_SERVER_ERROR too, and errors with no code', () => {
    const { logger } = capturingLogger();
    const format = createErrorFormatter(logger);
    const explicit = format(
      { message: 'db exploded', extensions: { code: 'INTERNAL_SERVER_ERROR' } },
      new Error(),
    );
    expect(explicit.message).not.toContain('db exploded');
    const bare = format({ message: 'oops' }, new GraphQLError('oops'));
    expect(bare.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    expect(bare.message).not.toBe('oops');
  });

  it("maps Apollo's request codes onto the registry", () => {
    const { logger } = capturingLogger();
    const format = createErrorFormatter(logger);
    const formatted = format(
      { message: 'Must provide operation name', extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } },
      new GraphQLError('x'),
    );
    expect(formatted).toEqual({
      message: 'Must provide operation name',
      extensions: { code: 'BAD_REQUEST' },
    });
  });
});
