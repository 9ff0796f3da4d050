import type { Viewer } from '@ukp/kit';
import type { KnowledgeDeps } from './deps.js';
import type { AnswerModel } from './search-types.js';

export async function ask(_deps: KnowledgeDeps, _viewer: Viewer | null, _question: string): Promise<AnswerModel> {
  throw new Error('ask: being written');
}
