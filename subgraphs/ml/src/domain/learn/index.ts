export { ARTIFACT_FORMAT_VERSION, decodeArtifact, encodeArtifact } from './artifact-codec.js';
export {
  addHistograms,
  binIndex,
  featureStats,
  LENGTH_BIN_EDGES,
  labelHistogram,
  OOV_BIN_EDGES,
  PSI_DRIFT_THRESHOLD,
  PSI_EPSILON,
  psi,
  termFeatureStats,
} from './drift.js';
export { PREDICTION_THRESHOLD } from './metrics.js';
export { EXPLANATION_SIZE, evaluate, type LoadedModel, loadModel } from './model.js';
export { datasetHash, TRAIN_DEFAULTS, train } from './train.js';
export * from './types.js';
