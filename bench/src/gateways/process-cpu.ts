// CPU time of a process and everything it started (cluster workers, a Node gateway's helpers), from
// /proc: what a gateway costs the machine, however many processes or threads it spreads over.
import { readdirSync, readFileSync } from 'node:fs';

// Linux exposes times in clock ticks; USER_HZ is 100 on every mainstream kernel.
const ticksPerSecond = 100;

interface Stat {
  ppid: number;
  /** utime + stime (all threads) + cutime + cstime (children it has reaped), in ticks. */
  ticks: number;
}

function stat(pid: number): Stat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // Fields after the command name (which may hold spaces) start at `state`, field 3.
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]) };
}

/** User + system CPU milliseconds used so far by `root` and its live descendants. */
export function treeCpuMs(root: number): number {
  const all = new Map<number, Stat>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const s = stat(Number(entry));
    if (s) all.set(Number(entry), s);
  }
  const children = new Map<number, number[]>();
  for (const [pid, s] of all) children.set(s.ppid, [...(children.get(s.ppid) ?? []), pid]);
  let ticks = 0;
  const queue = [root];
  for (let pid = queue.pop(); pid !== undefined; pid = queue.pop()) {
    ticks += all.get(pid)?.ticks ?? 0;
    queue.push(...(children.get(pid) ?? []));
  }
  return (ticks * 1000) / ticksPerSecond;
}
