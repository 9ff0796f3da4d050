import type { Viewer } from '@ukp/kit';
import { createDocument, transition } from '../domain/documents.js';
import type { KnowledgeFixture, TestUser } from './server-fixture.js';

/** Who calls, in the access matrix: `author` wrote every document in it. */
export type Caller = 'anonymous' | 'viewer' | 'otherEditor' | 'author' | 'admin';
export const CALLERS: readonly Caller[] = ['anonymous', 'viewer', 'otherEditor', 'author', 'admin'];

/** One document per (visibility, status) pair, all by the same EDITOR. */
export type MatrixDoc =
  | 'publicPublished'
  | 'publicDraft'
  | 'publicArchived'
  | 'privatePublished'
  | 'privateDraft'
  | 'privateArchived';

/**
 * The rules, written out: PUBLISHED + PUBLIC is for anyone; PRIVATE only for its author and
 * ADMINs, whatever its status; PUBLIC drafts and archived documents also for any EDITOR.
 */
export const READERS: Record<MatrixDoc, readonly Caller[]> = {
  publicPublished: CALLERS,
  publicDraft: ['otherEditor', 'author', 'admin'],
  publicArchived: ['otherEditor', 'author', 'admin'],
  privatePublished: ['author', 'admin'],
  privateDraft: ['author', 'admin'],
  privateArchived: ['author', 'admin'],
};

/**
 * The edit rule, written out: the title, body and tags (`content`) of a PUBLIC document, any
 * EDITOR; everything else (`manage`: visibility, publish, archive, restore, delete), and any
 * change to a PRIVATE document, only the author and ADMINs.
 */
export const WRITERS: Record<'content' | 'manage', Record<MatrixDoc, readonly Caller[]>> = {
  content: {
    publicPublished: ['otherEditor', 'author', 'admin'],
    publicDraft: ['otherEditor', 'author', 'admin'],
    publicArchived: ['otherEditor', 'author', 'admin'],
    privatePublished: ['author', 'admin'],
    privateDraft: ['author', 'admin'],
    privateArchived: ['author', 'admin'],
  },
  manage: {
    publicPublished: ['author', 'admin'],
    publicDraft: ['author', 'admin'],
    publicArchived: ['author', 'admin'],
    privatePublished: ['author', 'admin'],
    privateDraft: ['author', 'admin'],
    privateArchived: ['author', 'admin'],
  },
};

/**
 * What a change by `caller` must fail with: anonymous callers must sign in; someone who may read
 * the document but not change it this way is FORBIDDEN; someone who may not even read it gets
 * NOT_FOUND, so the answer does not reveal that it exists. Undefined when the change is allowed.
 */
export function expectedWriteError(
  doc: MatrixDoc,
  caller: Caller,
  change: 'content' | 'manage',
): string | undefined {
  if (WRITERS[change][doc].includes(caller)) return undefined;
  if (caller === 'anonymous') return 'UNAUTHENTICATED';
  return READERS[doc].includes(caller) ? 'FORBIDDEN' : 'NOT_FOUND';
}

export interface AccessMatrix {
  users: Record<Exclude<Caller, 'anonymous'>, TestUser>;
  docs: Record<MatrixDoc, string>;
  /** The matrix document ids `caller` may read. */
  readable(caller: Caller): string[];
}

/** Writes the matrix documents through the domain layer, as their author would. */
export async function arrangeAccessMatrix(k: KnowledgeFixture): Promise<AccessMatrix> {
  const users = {
    viewer: await k.user(['VIEWER']),
    otherEditor: await k.user(['EDITOR']),
    author: await k.user(['EDITOR']),
    admin: await k.user(['ADMIN']),
  };
  const author = users.author.viewer;
  const make = async (visibility: 'PUBLIC' | 'PRIVATE', status: 'DRAFT' | 'PUBLISHED' | 'ARCHIVED') => {
    const row = await createDocument(k.deps, author, {
      title: `Matrix ${visibility} ${status}`,
      body: `A ${status.toLowerCase()} ${visibility.toLowerCase()} document.`,
      tags: ['matrix'],
      visibility,
    });
    if (status !== 'DRAFT') await transition(k.deps, author, row.id, 'publish');
    if (status === 'ARCHIVED') await transition(k.deps, author, row.id, 'archive');
    return row.id;
  };
  const docs: Record<MatrixDoc, string> = {
    publicPublished: await make('PUBLIC', 'PUBLISHED'),
    publicDraft: await make('PUBLIC', 'DRAFT'),
    publicArchived: await make('PUBLIC', 'ARCHIVED'),
    privatePublished: await make('PRIVATE', 'PUBLISHED'),
    privateDraft: await make('PRIVATE', 'DRAFT'),
    privateArchived: await make('PRIVATE', 'ARCHIVED'),
  };
  return {
    users,
    docs,
    readable: (caller) =>
      (Object.keys(docs) as MatrixDoc[])
        .filter((doc) => READERS[doc].includes(caller))
        .map((doc) => docs[doc]),
  };
}

/** The caller's token (undefined for anonymous), for GraphQL over HTTP. */
export function tokenOf(matrix: AccessMatrix, caller: Caller): string | undefined {
  return caller === 'anonymous' ? undefined : matrix.users[caller].token;
}

/** The caller's domain `Viewer` (null for anonymous). */
export function viewerOf(matrix: AccessMatrix, caller: Caller): Viewer | null {
  return caller === 'anonymous' ? null : matrix.users[caller].viewer;
}
