// Summarises a `.cpuprofile` (FANOUT_CPU_PROF writes one for the platform process): self and total
// time by function and by file or package, a top-down tree under the frames matching --tree, and
// with --marks a per-second count of samples under a matching frame (to find the edits' window).
//
//   tsx src/fanout/profile-summary.ts <file> --marks 'collab/service.ts'
//   tsx src/fanout/profile-summary.ts <file> --from 27.5 --to 58.5 --edits 300 [--top 40]
//   tsx src/fanout/profile-summary.ts <file> --from 27.5 --to 58.5 --edits 300 --tree 'service.ts'
//
// Times are the profile's sampling intervals: on a loaded machine they include time the thread
// waited for a core, so compare runs made side by side, and prefer /proc's CPU time for totals.
import { readFileSync } from 'node:fs';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}
interface TreeNode {
  name: string;
  ms: number;
  children: Map<string, TreeNode>;
}

const args = process.argv.slice(2);
const option = (name: string) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const file = args[0];
if (!file)
  throw new Error(
    'usage: profile-summary.ts <file.cpuprofile> [--from s --to s --edits n --top n --tree re --marks re]',
  );
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const parents = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);

const functionOf = (frame: CallFrame) =>
  `${frame.functionName || '(anonymous)'} ${frame.url.replace(/^.*\//, '')}:${frame.lineNumber + 1}`;
const fileOf = (frame: CallFrame) => {
  const pkg = /node_modules\/\.pnpm\/([^/]+)/.exec(frame.url);
  if (pkg) return `package ${pkg[1]!.replace(/@\d.*$/, '')}`;
  return (
    frame.url.replace(/^file:\/\/.*?\/(gateway|packages|subgraphs|platform|bench)\//, '$1/') ||
    frame.functionName
  );
};

/** Each sample as its stack (leaf first) and the time it stands for, in ms, skipping idle. */
function* samples(fromUs: number, toUs: number): Generator<[ProfileNode[], number, number]> {
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i += 1) {
    at += profile.timeDeltas[i] ?? 0;
    const since = at - profile.startTime;
    if (since < fromUs || since > toUs) continue;
    const leaf = nodes.get(profile.samples[i]!)!;
    if (leaf.callFrame.functionName === '(idle)') continue;
    const stack: ProfileNode[] = [];
    for (let id: number | undefined = leaf.id; id !== undefined; id = parents.get(id))
      stack.push(nodes.get(id)!);
    yield [stack, (profile.timeDeltas[i + 1] ?? 0) / 1000, since];
  }
}

const marks = option('--marks');
if (marks) {
  const pattern = new RegExp(marks);
  const perSecond = new Map<number, number>();
  for (const [stack, , since] of samples(0, Number.POSITIVE_INFINITY)) {
    if (!stack.some((node) => pattern.test(`${node.callFrame.functionName} ${node.callFrame.url}`))) continue;
    const second = Math.floor(since / 1e6);
    perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
  }
  console.log([...perSecond].map(([second, count]) => `${second}s:${count}`).join(' '));
  process.exit(0);
}

const fromUs = Number(option('--from') ?? 0) * 1e6;
const toUs = Number(option('--to') ?? Number.POSITIVE_INFINITY) * 1e6;
const edits = Number(option('--edits') ?? 0);
const top = Number(option('--top') ?? 40);
const tree = option('--tree');
const format = (ms: number) => (edits > 0 ? `${(ms / edits).toFixed(2)} ms/edit` : `${ms.toFixed(0)} ms`);

const tables = {
  'self by function': new Map<string, number>(),
  'self by file or package': new Map<string, number>(),
  'total by function': new Map<string, number>(),
  'total by file or package': new Map<string, number>(),
};
const add = (map: Map<string, number>, key: string, ms: number) => map.set(key, (map.get(key) ?? 0) + ms);
const root: TreeNode = { name: '', ms: 0, children: new Map() };
const treePattern = tree ? new RegExp(tree) : null;
let busy = 0;
for (const [stack, ms] of samples(fromUs, toUs)) {
  busy += ms;
  const leaf = stack[0]!.callFrame;
  add(tables['self by function'], functionOf(leaf), ms);
  add(tables['self by file or package'], fileOf(leaf), ms);
  // A recursive frame counts once towards its total.
  for (const key of new Set(stack.map((node) => functionOf(node.callFrame))))
    add(tables['total by function'], key, ms);
  for (const key of new Set(stack.map((node) => fileOf(node.callFrame))))
    add(tables['total by file or package'], key, ms);
  if (!treePattern) continue;
  const topDown = stack.slice().reverse();
  const start = topDown.findIndex((node) => treePattern.test(functionOf(node.callFrame)));
  if (start < 0) continue;
  let at = root;
  at.ms += ms;
  for (const node of topDown.slice(start, start + 8)) {
    const name = functionOf(node.callFrame);
    let child = at.children.get(name);
    if (!child) {
      child = { name, ms: 0, children: new Map() };
      at.children.set(name, child);
    }
    child.ms += ms;
    at = child;
  }
}

console.log(`busy ${format(busy)}`);
if (treePattern) {
  const print = (node: TreeNode, depth: number) => {
    for (const child of [...node.children.values()].sort((a, b) => b.ms - a.ms)) {
      if (child.ms < busy / 200) continue;
      console.log(`${format(child.ms).padStart(16)} ${'  '.repeat(depth)}${child.name}`);
      print(child, depth + 1);
    }
  };
  console.log(`under ${tree}: ${format(root.ms)}`);
  print(root, 0);
} else {
  for (const [title, table] of Object.entries(tables)) {
    console.log(`\n== ${title}`);
    for (const [key, ms] of [...table].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      console.log(`${format(ms).padStart(16)} ${((100 * ms) / busy).toFixed(1).padStart(5)}%  ${key}`);
    }
  }
}
