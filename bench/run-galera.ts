// What bench/run.ts needs beside bench/cluster/cluster.sh on Galera: whether the cluster can run here, and the
// HAProxy front of the three bare handlers, with the settings of the instances' HTTP front (round robin, HTTP mode,
// keep-alive) so the bare limit goes through the same kind of proxy as the service.
import fs from 'node:fs';
import { spawnSync } from 'node:child_process';

/** Why the cluster cannot run on this machine, or null. */
export function galeraMissing(): string | null {
  if (!fs.existsSync('/usr/lib/galera/libgalera_smm.so')) return 'galera-4 is missing (apt-get install galera-4)';
  if (spawnSync('haproxy', ['-v']).status !== 0) return 'haproxy is missing (apt-get install haproxy)';
  if (process.getuid?.() !== 0) return 'the cluster script runs as root (mysqld as the mysql user)';
  return null;
}

/** HAProxy in front of the bare handlers on BASE+44..46, listening on BASE+47. */
export function bareProxyConfig(base: number): string {
  return [
    '# Written by bench/run.ts: the bare handlers behind the same kind of front as the Hotline instances.',
    'global',
    '  maxconn 4000',
    'defaults',
    '  timeout connect 3s',
    '  timeout client 2m',
    '  timeout server 2m',
    'listen bare',
    `  bind 127.0.0.1:${base + 47}`,
    '  mode http',
    '  balance roundrobin',
    ...[1, 2, 3].map((n) => `  server bare${n} 127.0.0.1:${base + 43 + n}`),
    '',
  ].join('\n');
}
