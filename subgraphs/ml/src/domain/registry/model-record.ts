import { getTableColumns } from 'drizzle-orm';
import { type ModelVersionRow, modelVersions } from '../../db/schema.js';

/** A version as the API sees it: the row without its artifact bytes and hold-out ids. */
export type ModelRecord = Omit<ModelVersionRow, 'artifact' | 'testIds'>;

const { artifact: _artifact, testIds: _testIds, ...recordColumns } = getTableColumns(modelVersions);

/** The columns of a `ModelRecord`: listing versions never reads their (large) artifacts. */
export const modelRecordColumns = recordColumns;

/** The platform's tag model (API.md): `Document.suggestedTags` reads its `production` alias. */
export const TAG_MODEL_NAME = 'document-tags';
export const PRODUCTION_ALIAS = 'production';
/** The actor of what the service does by itself (auto-train's first promotion). */
export const SYSTEM_ACTOR = 'system';

const MODEL_NAME = /^[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?$/;
const ALIAS_NAME = /^[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isModelName = (name: string) => MODEL_NAME.test(name);
export const isAliasName = (alias: string) => ALIAS_NAME.test(alias);
export const isUuid = (id: string) => UUID.test(id);
