// BENCH_ALLOC_PROFILE=<dir>: a gateway child samples its allocations — collected objects included,
// unlike --heap-prof, which keeps only what is still alive at exit — and writes
// <dir>/<name>.heapprofile when it stops (open it in Chrome DevTools' Memory tab).
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

/** Starts sampling; the returned function writes the profile. */
export function sampleAllocations(dir: string, name: string): () => void {
  const session = new Session();
  session.connect();
  session.post('HeapProfiler.startSampling', {
    samplingInterval: 32 * 1024,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  return () => {
    session.post('HeapProfiler.stopSampling', (error, result) => {
      if (!error)
        writeFileSync(join(dir, `${name.replace(/\W+/g, '-')}.heapprofile`), JSON.stringify(result.profile));
      session.disconnect();
    });
  };
}
