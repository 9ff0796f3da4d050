/**
 * Operations cut by name from a .graphql file's text. The dashboard's operations use no
 * fragments, so each is complete on its own.
 */
export function operationsOf(text: string): Map<string, string> {
  const found = new Map<string, string>();
  const starts = [...text.matchAll(/^(query|mutation|subscription)\s+(\w+)/gm)];
  starts.forEach((match, i) => {
    const end = starts[i + 1]?.index ?? text.length;
    found.set(match[2]!, text.slice(match.index, end).trim());
  });
  return found;
}
