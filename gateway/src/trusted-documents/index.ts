export { trustedDocumentsEnv } from './env.js';
export { loadManifest, type Manifest, ManifestError, parseDocumentId, parseManifest } from './manifest.js';
export { trustedDocumentsPlugin } from './plugin.js';
export {
  createTrustedDocuments,
  TRUSTED_DOCUMENTS_MODES,
  type TrustContext,
  type TrustedDocuments,
  type TrustedDocumentsMode,
  type TrustVerdict,
} from './trusted-documents.js';
