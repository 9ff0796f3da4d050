import { type Logger, pino } from 'pino';

export type { Logger };

export interface LoggerOptions {
  /** Omit for a process that hosts several services and gives each a `child({ service })`. */
  service?: string;
  level?: string;
  /** `pretty` for people at a terminal, `json` for machines; defaults to json in production. */
  format?: 'json' | 'pretty';
}

export function createLogger({ service, level = 'info', format = 'json' }: LoggerOptions): Logger {
  return pino({
    level,
    base: service ? { service } : {},
    redact: {
      paths: [
        'req.headers.authorization',
        '*.password',
        '*.newPassword',
        '*.refreshToken',
        '*.token',
        '*.totpCode',
        '*.code',
      ],
      censor: '[redacted]',
    },
    ...(format === 'pretty'
      ? { transport: { target: 'pino-pretty', options: { colorize: true, ignore: 'pid,hostname' } } }
      : {}),
  });
}

/** A logger that writes nothing, for tests and tools. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
