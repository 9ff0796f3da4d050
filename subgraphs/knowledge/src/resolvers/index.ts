import type { Resolvers } from '../generated/resolvers.js';
import { Mutation } from './mutation.js';
import { Query } from './query.js';
import { Document, Revision, scalars, User } from './types.js';

export const resolvers: Resolvers = { ...scalars, Query, Mutation, Document, Revision, User };
