import { readFileSync, writeFileSync } from 'node:fs';
import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * GraphQL Code Generator: resolver types for every subgraph (from its own SDL, federation-aware)
 * and typed documents for the client operations in `schema/operations/` (against the composed
 * supergraph), written into `@ukp/client` (`packages/client/src/generated/`), which the end-to-end
 * tests use exactly as a frontend team would.
 * `pnpm codegen` writes them; `pnpm codegen:check` fails when they are stale.
 */
const subgraphs: Record<string, { context: string; mappers: Record<string, string> }> = {
  users: {
    context: '../context.js#UsersContext',
    mappers: { User: '../db/schema.js#AccountRow', AuditEvent: '../db/schema.js#AuditRow' },
  },
  knowledge: {
    context: '../context.js#KnowledgeContext',
    mappers: {
      Document: '../db/schema.js#DocumentRow',
      Revision: '../db/schema.js#RevisionRow',
      User: '../db/schema.js#UserRef',
      SearchHit: '../domain/search-types.js#SearchHitModel',
      SearchResult: '../domain/search-types.js#SearchResultModel',
      Answer: '../domain/search-types.js#AnswerModel',
      CollaborationSession: '../domain/realtime-types.js#CollaborationSessionModel',
      DocumentEvent: '../domain/realtime-types.js#DocumentEventModel',
      DocumentEdited: '../domain/realtime-types.js#DocumentEditedModel',
      PresenceChanged: '../domain/realtime-types.js#PresenceChangedModel',
      DocumentSaved: '../domain/realtime-types.js#DocumentSavedModel',
    },
  },
  analytics: {
    context: '../context.js#AnalyticsContext',
    mappers: {
      Experiment: '../domain/experiments/types.js#ExperimentModel',
      AlertRule: '../db/schema.js#AlertRuleRow',
      Notification: '../domain/live/topics.js#NotificationPayload',
      Document: '../domain/queries/entities.js#EntityRef',
      User: '../domain/queries/entities.js#EntityRef',
    },
  },
  ml: {
    context: '../context.js#MlContext',
    mappers: {
      Model: '../domain/registry/model-record.js#ModelRecord',
      TrainingJob: '../domain/training/jobs.js#TrainingJobModel',
      Prediction: '../domain/inference/predict.js#PredictionResult',
      Document: '../domain/inference/suggestions.js#DocumentRef',
    },
  },
};

const scalars = { DateTime: 'Date | string', JSON: 'unknown' };

const manifest = {
  generated: 'packages/client/src/generated/persisted-documents.json',
  served: 'schema/persisted-documents.json',
};

// A function hook, not a shell `cp`: it runs on every codegen (even when nothing changed) and
// writes only on a difference, so `codegen:check` sees a stale copy as a diff.
function copyManifest(): void {
  const text = `${readFileSync(manifest.generated, 'utf8').trimEnd()}\n`;
  let current: string | undefined;
  try {
    current = readFileSync(manifest.served, 'utf8');
  } catch {
    current = undefined;
  }
  if (current !== text) writeFileSync(manifest.served, text);
}

const config: CodegenConfig = {
  overwrite: true,
  hooks: { afterAllFileWrite: [copyManifest] },
  generates: {
    ...Object.fromEntries(
      Object.entries(subgraphs).map(([name, { context, mappers }]) => [
        `subgraphs/${name}/src/generated/resolvers.ts`,
        {
          schema: `subgraphs/${name}/src/schema.graphql`,
          plugins: ['typescript', 'typescript-resolvers'],
          config: {
            federation: true,
            useIndexSignature: true,
            contextType: context,
            mappers,
            scalars,
            enumsAsTypes: true,
            useTypeImports: true,
            avoidOptionals: false,
          },
        },
      ]),
    ),
    'packages/client/src/generated/': {
      schema: 'schema/supergraph.graphql',
      documents: ['schema/operations/**/*.graphql'],
      preset: 'client',
      presetConfig: { fragmentMasking: false, persistedDocuments: { hashAlgorithm: 'sha256' } },
      config: { scalars, enumsAsTypes: true, useTypeImports: true, importExtension: '.js' },
    },
  },
};

export default config;
