import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { TRUSTED_DOCUMENTS_MODES } from './trusted-documents.js';

const defaultManifest = fileURLToPath(new URL('../../../schema/persisted-documents.json', import.meta.url));

export const trustedDocumentsEnv = {
  /**
   * `off` runs any operation, `log` runs any but warns about those not in the manifest,
   * `enforce` runs only those in the manifest (ADMIN tokens excepted). Production should enforce.
   */
  TRUSTED_DOCUMENTS: z.enum(TRUSTED_DOCUMENTS_MODES).default('off'),
  /** The persisted-documents manifest codegen writes (`sha256:<hex>` → operation). */
  TRUSTED_DOCUMENTS_PATH: z.string().default(defaultManifest),
};
