/**
 * How close together the query terms stand in a unit: the shortest window of tokens holding
 * every distinct term that occurs at all. 1 when they are adjacent, falling towards 0 as they
 * spread; 0 when fewer than two distinct terms occur (nothing to be close to).
 */
export function proximity(positions: ReadonlyMap<string, readonly number[]>): number {
  const events: Array<{ at: number; term: string }> = [];
  for (const [term, list] of positions) for (const at of list) events.push({ at, term });
  const distinct = positions.size;
  if (distinct < 2) return 0;
  events.sort((x, y) => x.at - y.at);

  // Sliding window over the merged positions: widen to cover all terms, then shrink from the left.
  const inWindow = new Map<string, number>();
  let best = Number.POSITIVE_INFINITY;
  let left = 0;
  for (const event of events) {
    inWindow.set(event.term, (inWindow.get(event.term) ?? 0) + 1);
    while (inWindow.size === distinct) {
      const first = events[left]!;
      best = Math.min(best, event.at - first.at + 1);
      const count = inWindow.get(first.term)! - 1;
      if (count === 0) inWindow.delete(first.term);
      else inWindow.set(first.term, count);
      left += 1;
    }
  }
  return (distinct - 1) / (best - 1);
}
