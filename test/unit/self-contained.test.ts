// A fresh clone has only the repository: nothing the service, its pages, its tests or its benchmarks load may
// reach outside it (a sibling `shared/` folder exists on the developers' machines only).
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const FOLDERS = ['server', 'web', 'test', 'bench', 'jobs', 'config', 'migrations'];

function* sources(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'fixtures') yield* sources(full);
    } else if (/\.(ts|js|html|css)$/.test(entry.name)) yield full;
  }
}

describe('the repository', () => {
  it('reads nothing outside itself: no path climbs out of the checkout', () => {
    const offenders: string[] = [];
    for (const folder of FOLDERS) {
      for (const file of sources(path.join(ROOT, folder))) {
        const text = fs.readFileSync(file, 'utf8');
        // A relative path in a string that, taken from the file's own folder, lands outside the checkout.
        for (const m of text.matchAll(/['"`]((?:\.\.\/)+[^'"`]*)['"`]/g)) {
          const target = path.resolve(path.dirname(file), m[1]);
          if (target !== ROOT && !target.startsWith(ROOT + path.sep))
            offenders.push(`${path.relative(ROOT, file)}: ${m[1]}`);
        }
        if (/\bshared\/open311\b/.test(text) && !file.endsWith('self-contained.test.ts'))
          offenders.push(`${path.relative(ROOT, file)}: shared/open311`);
      }
    }
    expect(offenders).to.deep.equal([]);
  });
});
