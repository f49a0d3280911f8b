// bench/cluster/cluster.sh from TypeScript, for the fault runs: its commands as promises (a non-zero exit rejects
// with the end of its output), its ports by CLUSTER_PORT_BASE, and the faults of a run as steps of fault-run.ts.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Fault } from './fault-run.ts';

const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'cluster.sh');

export class Cluster {
  constructor(
    readonly base: number,
    /** What the instances get besides DB_CLIENT, PORT and DATABASE_URL (SMTP_URL, ADMIN_*, ...). */
    readonly env: Record<string, string>,
    readonly dir = `/tmp/hotline-cluster-${base}`,
  ) {}

  get httpUrl(): string {
    return `http://127.0.0.1:${this.base + 40}`;
  }

  appUrl(n: number): string {
    return `http://127.0.0.1:${this.base + 40 + n}`;
  }

  /** Node n's own SQL port (not through HAProxy). */
  nodeUrl(n: number, db = 'hotline'): string {
    return `mysql://hotline:hotline@127.0.0.1:${this.base + n}/${db}`;
  }

  run(...args: string[]): Promise<string> {
    return new Promise((resolve, reject) => {
      const child = spawn('bash', [SCRIPT, ...args], {
        env: { ...process.env, ...this.env, CLUSTER_PORT_BASE: String(this.base), CLUSTER_DIR: this.dir },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      child.on('error', reject);
      child.on('close', (code) =>
        code === 0
          ? resolve(out)
          : reject(new Error(`cluster.sh ${args.join(' ')} exited ${code}: ${out.slice(-2000)}`)),
      );
    });
  }

  /** A step that kills (or brings back) node or instance n. */
  fault(at: number, command: 'kill-node' | 'start-node' | 'kill-app' | 'start-app', n: number): Fault {
    return {
      at,
      name: `${command} ${n}`,
      run: () => this.run(command, String(n)).then(() => undefined),
      pair: `${command.split('-')[1]} ${n}`,
      undoes: command.startsWith('start'),
    };
  }
}

/** The instances' settings for a fault run: quick life deadlines (cards within two minutes), no bursts held, the
 *  board published by the supervisors only, cheap password hashes, the sink's SMTP. */
export function faultEnv(smtpUrl: string, admin: { username: string; password: string }): Record<string, string> {
  return {
    SMTP_URL: smtpUrl,
    SUPERVISORS_EMAIL: 'supervisors@faults.example',
    ADMIN_USERNAME: admin.username,
    ADMIN_PASSWORD: admin.password,
    DEMO_DATA: '0',
    SCRYPT_COST: '1024',
    LOG_LEVEL: 'warn',
    TRUST_PROXY: '1',
    TIER_LIFE_SIGN_MINUTES: '1',
    RATING_BURST_COUNT: '0',
    LEADERBOARD_AUTO_PUBLISH_DAY: '0',
    // A killed instance's sweep or mail sender runs elsewhere once its lease runs out: soon, in a run of minutes.
    JOBS_LEASE_SECONDS: '30',
  };
}

export const FAULT_ADMIN = { username: 'admin', password: 'Faults-passw0rd!9' };
