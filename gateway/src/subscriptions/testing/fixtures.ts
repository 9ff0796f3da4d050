import { errors, type TokenVerifier } from '@ukp/kit';
import { EventQueue } from '../event-queue.js';
import { type FixtureSubgraph, startFixtureSubgraph } from './fixture-subgraph.js';

export interface ReviewEvent {
  id: string;
  body: string;
  productId: string;
  authorId: string;
  editorId?: string;
}

const reviewsTypeDefs = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])

  type Query {
    review(id: ID!): Review
  }

  type Mutation {
    addReview(productId: ID!, body: String!, authorId: ID!): Review!
  }

  type Subscription {
    "Product secret is FORBIDDEN to anonymous callers when subscribing, as a shield rule would refuse it."
    reviewAdded(productId: ID): Review!
  }

  type Review {
    id: ID!
    body: String!
    product: Product!
    author: User!
    editor: User
    "The user id the subgraph sees on the upstream connection: proves the identity got there."
    seenBy: ID
    "FORBIDDEN for anonymous callers."
    secret: String
    "Throws an error outside the registry."
    broken: String
    "The request id the subgraph was given for the upstream subscription."
    requestId: String
  }

  type Product @key(fields: "id") {
    id: ID!
    name: String!
  }

  type User @key(fields: "id", resolvable: false) {
    id: ID!
  }
`;

const accountsTypeDefs = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])

  type Query {
    user(id: ID!): User
  }

  type User @key(fields: "id") {
    id: ID!
    name: String!
    "FORBIDDEN unless the caller is this user: proves the identity reached the entity fetch."
    email: String
    "The request id the entity fetch carried."
    requestId: String
  }
`;

export interface ReviewsFixture extends FixtureSubgraph {
  publish(review: ReviewEvent): void;
  /** Subscriptions the subgraph is serving right now (counted in the resolver's iterator). */
  active(): number;
  /** Subscriptions it has ever started. */
  started(): number;
}

export async function startReviews(verifier: TokenVerifier): Promise<ReviewsFixture> {
  const listeners = new Set<{ productId: unknown; queue: EventQueue<ReviewEvent> }>();
  const stored = new Map<string, ReviewEvent>();
  let started = 0;
  const publish = (review: ReviewEvent) => {
    stored.set(review.id, review);
    for (const listener of listeners) {
      if (listener.productId == null || listener.productId === review.productId) listener.queue.push(review);
    }
  };
  const subgraph = await startFixtureSubgraph(
    'reviews',
    reviewsTypeDefs,
    {
      fields: {
        'Query.review': (_p, args) => stored.get(String(args.id)) ?? null,
        'Mutation.addReview': (_p, args) => {
          const review = {
            id: `r${stored.size + 1}`,
            body: String(args.body),
            productId: String(args.productId),
            authorId: String(args.authorId),
          };
          publish(review);
          return review;
        },
        'Review.product': (review) => ({ id: review.productId, name: `Product ${String(review.productId)}` }),
        'Review.author': (review) => ({ id: review.authorId }),
        'Review.editor': (review) => (review.editorId ? { id: review.editorId } : null),
        'Review.seenBy': (_r, _a, context) => context.viewer?.userId ?? null,
        'Review.secret': (_r, _a, context) => {
          if (!context.viewer) throw errors.forbidden('Sign in to read secrets.');
          return 'classified';
        },
        'Review.requestId': (_r, _a, context) => context.requestId,
        'Review.broken': () => {
          throw new Error('connection to reviews-db:5432 refused (password=hunter2)');
        },
      },
      subscriptions: {
        reviewAdded: (args, context) => {
          if (args.productId === 'secret' && !context.viewer) throw errors.forbidden('Sign in to follow it.');
          started += 1;
          const listener = {
            productId: args.productId,
            queue: new EventQueue<ReviewEvent>(() => listeners.delete(listener)),
          };
          listeners.add(listener);
          return listener.queue;
        },
      },
      references: {
        Product: (reference) => ({ id: reference.id, name: `Product ${String(reference.id)}` }),
      },
    },
    verifier,
  );
  return { ...subgraph, publish, active: () => listeners.size, started: () => started };
}

export const people: Record<string, { name: string; email: string }> = {
  u1: { name: 'Ada Lovelace', email: 'ada@example.test' },
  u2: { name: 'Grace Hopper', email: 'grace@example.test' },
};

export function startAccounts(verifier: TokenVerifier): Promise<FixtureSubgraph> {
  const find = (id: unknown) => {
    const person = people[String(id)];
    return person ? { id: String(id), ...person } : null;
  };
  return startFixtureSubgraph(
    'accounts',
    accountsTypeDefs,
    {
      fields: {
        'Query.user': (_p, args) => find(args.id),
        'User.requestId': (_u, _a, context) => context.requestId,
        'User.email': (user, _a, context) => {
          if (context.viewer?.userId !== user.id) throw errors.forbidden('Only the user may read the email.');
          return user.email;
        },
      },
      references: { User: (reference) => find(reference.id) },
    },
    verifier,
  );
}
