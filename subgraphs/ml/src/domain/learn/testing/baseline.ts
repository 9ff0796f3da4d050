import { multiLabelMetrics } from '../metrics.js';
import type { Example, TrainedModel } from '../types.js';

/**
 * The majority-class baseline on a model's hold-out: every test example gets the label most
 * frequent among the training examples (probability 1, the others 0), scored with the same metrics.
 */
export function majorityBaseline(examples: readonly Example[], model: TrainedModel) {
  const test = new Set(model.testIds);
  const labelIndex = new Map(model.labels.map((label, l) => [label, l]));
  const sets = (e: Example) => [...new Set(e.labels.flatMap((label) => labelIndex.get(label) ?? []))];
  const counts = new Array<number>(model.labels.length).fill(0);
  for (const e of examples) {
    if (!test.has(e.id)) for (const l of sets(e)) counts[l]!++;
  }
  const majority = counts.indexOf(Math.max(...counts));
  const truth = examples.filter((e) => test.has(e.id)).map(sets);
  const probabilities = new Float64Array(truth.length * model.labels.length);
  truth.forEach((_, i) => {
    probabilities[i * model.labels.length + majority] = 1;
  });
  return multiLabelMetrics(probabilities, truth, model.labels.length);
}
