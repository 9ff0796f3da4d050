import type { Resolvers } from '../generated/resolvers.js';
import { Mutation } from './mutation.js';
import { Query } from './query.js';
import { AuditEvent, scalars, User } from './types.js';

export const resolvers: Resolvers = { ...scalars, Query, Mutation, User, AuditEvent };
