// A day's files under DATA_REPORT_DIR: written into a hidden temporary folder, flushed, then renamed to <day>, so a
// crash leaves either no day folder or a whole one (a leftover `.<day>.tmp-*` is never read as a day).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { FILES, PARTS, type DayReport } from './day-report.ts';

export async function writeDayFiles(dir: string, report: DayReport): Promise<string> {
  await fs.mkdir(dir, { recursive: true });
  const tag = randomBytes(4).toString('hex');
  const tmp = path.join(dir, `.${report.day}.tmp-${tag}`);
  const final = path.join(dir, report.day);
  await fs.mkdir(tmp);
  try {
    for (const p of PARTS) await fs.writeFile(path.join(tmp, FILES[p]), report.files[p], { flush: true });
    // The manifest last: whoever finds it finds every part it names.
    await fs.writeFile(path.join(tmp, 'manifest.json'), `${JSON.stringify(report.manifest, null, 2)}\n`, {
      flush: true,
    });
    try {
      await fs.rename(tmp, final);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw err;
      // The day's folder exists (a run that wrote it and crashed before recording the day, or a rerun): the new
      // one takes its place; the parts are the same records, the manifest says when they were made.
      const old = path.join(dir, `.${report.day}.old-${tag}`);
      await fs.rename(final, old);
      await fs.rename(tmp, final);
      await fs.rm(old, { recursive: true, force: true });
    }
  } catch (err) {
    await fs.rm(tmp, { recursive: true, force: true }).catch(() => {});
    throw err;
  }
  return final;
}
