/** A timing line in the test output (for the closing notes), without failing anything. */
export function report(line: string): void {
  process.stdout.write(`[ml timing] ${line}\n`);
}
