import { type DestinationStream, type Logger, type LoggerOptions as PinoOptions, pino } from 'pino';

export type { Logger };

export interface LoggerOptions {
  /** Omit for a process that hosts several services and gives each a `child({ service })`. */
  service?: string;
  level?: string;
  /** `pretty` for people at a terminal, `json` for machines; defaults to json in production. */
  format?: 'json' | 'pretty';
  /** Where JSON lines go instead of stdout: tests capture them here. Not combined with `pretty`. */
  destination?: DestinationStream;
}

export function createLogger({
  service,
  level = 'info',
  format = 'json',
  destination,
}: LoggerOptions): Logger {
  const options: PinoOptions = {
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
  };
  return destination && format === 'json' ? pino(options, destination) : pino(options);
}

/** A logger that writes nothing, for tests and tools. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

/** The logger of one request: its id always, the trace id when the request is traced. */
export function requestLogger(logger: Logger, requestId: string, traceId?: string | undefined): Logger {
  return logger.child(traceId ? { requestId, traceId } : { requestId });
}
