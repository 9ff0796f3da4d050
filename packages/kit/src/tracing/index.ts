export type { ReadableSpan, SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
export * from './apollo-plugin.js';
export * from './env.js';
export * from './spans.js';
export * from './tracing.js';
