/** The pure learning core (train, loadModel, evaluate, psi, …): benchmarks and tools use it directly. */
export * as learn from './domain/learn/index.js';
export { type CorpusSource, knowledgeCorpus, staticCorpus } from './domain/training/corpus.js';
export { type MlEnv, mlEnv } from './env.js';
export { createMlServer, MIGRATIONS_FOLDER, type MlServer, type MlServerOptions } from './server.js';
