import type { Resolvers } from '../generated/resolvers.js';
import { Mutation } from './mutation.js';
import { Query } from './query.js';
import { Subscription } from './subscription.js';
import {
  CollaborationSession,
  Document,
  DocumentEdited,
  DocumentEvent,
  DocumentSaved,
  PresenceChanged,
  Revision,
  scalars,
  User,
} from './types.js';

export const resolvers: Resolvers = {
  ...scalars,
  Query,
  Mutation,
  Subscription,
  Document,
  Revision,
  User,
  CollaborationSession,
  DocumentEvent,
  DocumentEdited,
  PresenceChanged,
  DocumentSaved,
};
