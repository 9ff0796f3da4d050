import type { AlertRuleRow } from '../../db/schema.js';

/** What evaluating a rule needs of it. */
export type LiveRule = Pick<
  AlertRuleRow,
  'id' | 'ownerId' | 'metric' | 'kind' | 'threshold' | 'direction' | 'webhookUrl' | 'createdAt'
>;
