import { appError, errors } from '@ukp/kit';
import type { MlDeps } from '../deps.js';
import { decodeArtifact, evaluate, loadModel } from '../learn/index.js';
import type { ModelRecord } from './model-record.js';
import { artifactOf } from './versions.js';

export interface HoldoutScore {
  version: number;
  accuracy: number;
  macroF1: number;
}

/** Both versions on the candidate's hold-out, and candidate − current. */
export interface GateComparison {
  candidate: HoldoutScore;
  current: HoldoutScore;
  deltas: { accuracy: number; macroF1: number };
  /** Hold-out documents both were evaluated on (those still published and public). */
  testSize: number;
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * The promotion gate's comparison: the candidate and the current version evaluated on the SAME
 * documents, the candidate's held-out ids as they read now in knowledge (each version on its own
 * label set: labels a version does not know are ignored, as in training). The current version
 * saw some of them while training, which favours it: a candidate that still is not worse is.
 */
export async function compareOnHoldout(
  deps: MlDeps,
  candidate: ModelRecord,
  current: ModelRecord,
): Promise<GateComparison> {
  const [candidateData, currentData] = await Promise.all([
    artifactOf(deps.db, candidate.id),
    artifactOf(deps.db, current.id),
  ]);
  if (!candidateData || !currentData) throw errors.conflict('Both versions must be READY to compare them.');
  const held = new Set(candidateData.testIds);
  let examples: Awaited<ReturnType<MlDeps['corpus']['examples']>>;
  try {
    examples = (await deps.corpus.examples()).filter((e) => held.has(e.id));
  } catch (error) {
    deps.logger.warn({ err: error }, 'promotion gate: reading the hold-out documents failed');
    throw appError(
      'SUBGRAPH_UNAVAILABLE',
      'The promotion gate could not read the hold-out documents from knowledge; try again (or force).',
      { subgraph: 'knowledge' },
    );
  }
  const score = (record: ModelRecord, bytes: Uint8Array): HoldoutScore => {
    const metrics = evaluate(loadModel(decodeArtifact(bytes)), examples);
    return { version: record.version, accuracy: round(metrics.accuracy), macroF1: round(metrics.macroF1) };
  };
  const candidateScore = score(candidate, candidateData.artifact);
  const currentScore = score(current, currentData.artifact);
  return {
    candidate: candidateScore,
    current: currentScore,
    deltas: {
      accuracy: round(candidateScore.accuracy - currentScore.accuracy),
      macroF1: round(candidateScore.macroF1 - currentScore.macroF1),
    },
    testSize: examples.length,
  };
}

/** The gate's refusal: CONFLICT with the comparison in the message and in `extensions`. */
export function gateRefusal(name: string, comparison: GateComparison) {
  const { candidate, current, deltas, testSize } = comparison;
  const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
  const signed = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(2)} pts`;
  const message =
    testSize === 0
      ? `Cannot compare ${name} v${candidate.version} with production v${current.version}: none of its hold-out documents is still published and public. Pass force: true to move production anyway.`
      : `${name} v${candidate.version} is worse than production v${current.version} on the same ${testSize} hold-out documents: macro-F1 ${pct(candidate.macroF1)} vs ${pct(current.macroF1)} (${signed(deltas.macroF1)}), accuracy ${pct(candidate.accuracy)} vs ${pct(current.accuracy)} (${signed(deltas.accuracy)}). Pass force: true to promote it anyway.`;
  return errors.conflict(message, { reason: 'PROMOTION_GATE', ...comparison });
}

/** The gate fails when the candidate's macro-F1 is lower, or when there is nothing to compare on. */
export function gateFails(comparison: GateComparison): boolean {
  return comparison.testSize === 0 || comparison.deltas.macroF1 < 0;
}
