import type { MlDeps } from '../deps.js';
import type { KnowledgeDocuments } from '../feedback/knowledge-documents.js';
import type { Inference } from '../inference/predict.js';
import { readAsCaller } from './readable-document.js';
import { suggestForViewer } from './suggest-for.js';
import { createSuggestionHub, type SuggestionHub } from './suggestion-hub.js';

/** This instance's hub of `tagSuggestionsChanged`, wired to inference and to knowledge. */
export function createLiveSuggestions(
  deps: MlDeps,
  inference: Inference,
  knowledge: Pick<KnowledgeDocuments, 'read'>,
): SuggestionHub {
  return createSuggestionHub({
    bus: deps.bus,
    logger: deps.logger,
    suggest: suggestForViewer(deps, inference, deps.logger),
    read: readAsCaller(knowledge),
  });
}
