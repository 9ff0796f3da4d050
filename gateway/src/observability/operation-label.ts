/**
 * Operation names come from clients, and every distinct label value is a new time series in
 * Prometheus: names are kept up to `max` distinct values per gateway, the rest share `__other`.
 */
export function operationNameLabels(max = 200): (name: string | null, resolved: boolean) => string {
  const seen = new Set<string>();
  return (name, resolved) => {
    if (!resolved) return '__unknown';
    if (!name) return '__anonymous';
    if (seen.has(name)) return name;
    if (seen.size >= max || name.length > 100) return '__other';
    seen.add(name);
    return name;
  };
}
