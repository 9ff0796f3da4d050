// Copies the non-TypeScript files a service reads at run time (its SDL) from src/ into dist/.
import { cpSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const walk = (dir) => {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) walk(path);
    else if (path.endsWith('.graphql')) cpSync(path, path.replace(/^src/, 'dist'));
  }
};
walk('src');
