import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { createTracing, type Tracing } from '../tracing/tracing.js';

export { InMemorySpanExporter, SimpleSpanProcessor };

/** A tracing whose spans land in memory as soon as they end: `exporter.getFinishedSpans()`. */
export function inMemoryTracing(
  serviceName = 'test',
  ratio = 1,
): { tracing: Tracing; exporter: InMemorySpanExporter } {
  const exporter = new InMemorySpanExporter();
  const tracing = createTracing({ serviceName, ratio, spanProcessors: [new SimpleSpanProcessor(exporter)] });
  return { tracing, exporter };
}
