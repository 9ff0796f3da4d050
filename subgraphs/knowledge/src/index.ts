export type { KnowledgeDeps } from './domain/deps.js';
export { type KnowledgeEnv, knowledgeEnv } from './env.js';
export type { DemoAuthors } from './seed/seed.js';
export {
  createKnowledgeServer,
  type KnowledgeServer,
  type KnowledgeServerOptions,
  MIGRATIONS_FOLDER,
} from './server.js';
