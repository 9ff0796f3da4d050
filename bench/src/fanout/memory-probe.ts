// Loaded into the platform by the fan-out bench (`--import`, with `--expose-gc`), and nothing
// else: on SIGUSR2 it collects garbage and prints its memory on stdout, so that the bench reads
// what the connections hold rather than what the previous run left for the collector.
export const MEMORY_LINE = 'fanout-memory ';

process.on('SIGUSR2', () => {
  (globalThis as { gc?: () => void }).gc?.();
  process.stdout.write(`${MEMORY_LINE}${JSON.stringify(process.memoryUsage())}\n`);
});
