import type { Logger } from '@ukp/kit';
import type { MlDeps } from '../deps.js';
import { rejectedTags } from '../feedback/feedback.js';
import type { Inference } from '../inference/predict.js';
import { suggestTags } from '../inference/suggestions.js';
import type { SuggestFor } from './suggestion-hub.js';

/**
 * `Document.suggestedTags` for one viewer and one text: the same `suggestTags`, the same floor and
 * size limit, the viewer's rejected tags left out (read afresh, so a tag rejected mid-session is
 * not suggested again), the same routing of the viewer to a version under a traffic split. The
 * only place live suggestions reach the suggestion code.
 */
export function suggestForViewer(
  deps: Pick<MlDeps, 'db' | 'config'>,
  inference: Inference,
  logger: Logger,
): SuggestFor {
  return async (document, viewer) => {
    let exclude: Map<string, Set<string>>;
    try {
      exclude = await rejectedTags(deps.db, viewer.userId, [document.id]);
    } catch (error) {
      // As for `Document.suggestedTags`: suggestions without the feedback are still worth sending.
      logger.error({ err: error }, 'live suggestions: rejected tags not read');
      exclude = new Map();
    }
    const [suggestions] = await suggestTags(inference, [document], {
      minConfidence: deps.config.suggestionMinConfidence,
      maxTextBytes: deps.config.maxTextBytes,
      logger,
      // Under a traffic split the viewer gets the version they are routed to, as in queries.
      userId: viewer.userId,
      exclude,
    });
    return suggestions ?? [];
  };
}
