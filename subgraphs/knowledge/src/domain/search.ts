import type { Viewer } from '@ukp/kit';
import type { KnowledgeDeps } from './deps.js';
import type { SearchResultModel } from './search-types.js';

export async function search(
  _deps: KnowledgeDeps,
  _viewer: Viewer | null,
  _args: { query: string; tags?: readonly string[] | null; first?: number | null; suggest?: boolean },
): Promise<SearchResultModel> {
  throw new Error('search: being written');
}
