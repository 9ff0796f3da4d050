import type { Logger } from '@ukp/kit';
import type { RequestRecord } from './request-record.js';

/** One JSON line per request at info level, written through the gateway's own logger. */
export function accessLog(logger: Logger): (record: RequestRecord) => void {
  return (record) => {
    // Below info (LOG_LEVEL=warn, silent) the line would be built only to be thrown away.
    if (!logger.isLevelEnabled('info')) return;
    logger.info(
      {
        requestId: record.requestId,
        traceId: record.traceId,
        userId: record.userId,
        operationName: record.operationName,
        operationType: record.operationType,
        transport: record.transport,
        durationMs: record.durationMs,
        outcome: record.outcome,
        status: record.status,
        errorCodes: [...new Set(record.errorCodes)],
      },
      'request',
    );
  };
}
