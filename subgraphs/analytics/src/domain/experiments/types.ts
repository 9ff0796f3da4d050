import type { ExperimentRow } from '../../db/schema.js';

/** One variant's figures; the statistics are null for the control and while results are withheld. */
export interface VariantResultModel {
  name: string;
  users: number;
  conversions: number;
  rate: number;
  liftVsControl: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  pValue: number | null;
}

/** An experiment with its current results: what `Experiment` resolves from. */
export interface ExperimentModel {
  row: ExperimentRow;
  variants: VariantResultModel[];
  sampleRatioMismatch: boolean;
  sampleRatioPValue: number | null;
  winner: string | null;
}
