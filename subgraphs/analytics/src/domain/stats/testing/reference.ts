import { readFileSync } from 'node:fs';
import type { Arm, Comparison } from '../proportions.js';

/**
 * The golden values of `golden/reference.json`, produced by `golden/reference.py` from scipy
 * (see that script for where each number comes from). Read from disk rather than imported: the
 * lint's import-extension rule would rewrite a `.json` import.
 */
export interface Reference {
  generatedBy: string;
  zTest: Array<{ case: string; control: Arm; variant: Arm; confidence: number; expected: Comparison }>;
  sequential: Array<{
    case: string;
    control: Arm;
    variant: Arm;
    confidence: number;
    tau2: number;
    expected: Comparison;
  }>;
  sampleRatio: Array<{
    case: string;
    observed: number[];
    weights: number[];
    expected: { chiSquare: number; pValue: number };
  }>;
}

export const reference: Reference = JSON.parse(
  readFileSync(new URL('../golden/reference.json', import.meta.url), 'utf8'),
) as Reference;
