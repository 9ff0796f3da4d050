import { MIGRATIONS_FOLDER as analytics } from '@ukp/analytics';
import { MIGRATIONS_FOLDER as knowledge } from '@ukp/knowledge';
import { MIGRATIONS_FOLDER as ml } from '@ukp/ml';
import { MIGRATIONS_FOLDER as users } from '@ukp/users';

/** Every subgraph's schema and migrations folder, in the order they are applied. */
export const MIGRATIONS = [
  { schema: 'users', folder: users },
  { schema: 'knowledge', folder: knowledge },
  { schema: 'analytics', folder: analytics },
  { schema: 'ml', folder: ml },
];
