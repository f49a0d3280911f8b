// Published Open311 clients against the test app (bench/open311-clients/README.md): FixMyStreet's Open311.pm, which
// speaks only XML, and npm's open311 in JSON mode. Neither can be a dependency of this repository (AGPL; a git-only
// dependency and a native module of 2012), so each runs only where a machine has it: FMS_OPEN311_DIR (a directory
// holding FixMyStreet's Open311.pm, with its Debian perl packages) and OPEN311_NODE_PATH (node_modules holding open311
// as the README sets it up). Otherwise skipped: open311-formats.test.ts checks every answer against the schemas.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { testApp } from '../helpers/test-app.ts';
import { hotline } from '../helpers/tickets.ts';
import { issueKey, makeService } from '../helpers/open311.ts';

const run = promisify(execFile);
const BENCH = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../bench/open311-clients');
const PERL_MODULES = [
  'Moo',
  'MooX::Types::MooseLike::Base',
  'XML::Simple',
  'LWP::UserAgent',
  'DateTime::Format::W3CDTF',
];

async function perlReady(): Promise<boolean> {
  if (!process.env.FMS_OPEN311_DIR) return false;
  return run('perl', [...PERL_MODULES.map((m) => `-M${m}`), '-e1']).then(
    () => true,
    () => false,
  );
}

describe('Open311: published clients, where installed', function () {
  this.timeout(60_000);
  let key: string;
  let baseUrl: string;

  before(async () => {
    const h = await hotline();
    key = (await issueKey(h)).key;
    await makeService(h);
    baseUrl = (await testApp()).baseUrl;
  });

  it("FixMyStreet's Open311.pm (XML): services, a request with attributes, its token, a refusal", async function () {
    if (!(await perlReady())) this.skip();
    const script = path.join(BENCH, 'fixmystreet-open311.pl');
    const { stdout } = await run('perl', [script, process.env.FMS_OPEN311_DIR!, `${baseUrl}/open311/v2/`, key]);
    expect(stdout).to.match(/get_service_list\s+\d+ services; first \d+ .+ metadata=false/);
    expect(stdout).to.match(/get_service_meta_info\s+service_code \d+, 0 attributes/);
    const id = /send_service_request\s+service_request_id (\d{14})/.exec(stdout)?.[1];
    expect(id, stdout).to.be.a('string');
    expect(stdout).to.match(new RegExp(`get_service_requests\\(report_ids\\)\\s+${id} status=open lat=39.961234`));
    expect(stdout).to.match(/get_service_request_id_from_token\s+\d{14}/);
    expect(stdout).to.match(/_process_error read\s+403: .*invalid or revoked api_key/);
  });

  it('npm open311 (JSON): discovery, services, a request, its token, by id, by a plain start_date', async function () {
    if (!process.env.OPEN311_NODE_PATH) this.skip();
    const script = path.join(BENCH, 'node-open311-json.cjs');
    const { stdout } = await run('node', [script, baseUrl, key], {
      env: { ...process.env, NODE_PATH: process.env.OPEN311_NODE_PATH },
    });
    expect(stdout).to.match(/serviceDiscovery\s+endpoint .*\/open311\/v2\/ format json; formats text\/xml,/);
    const id = /"service_request_id":"(\d{14})","token":"([0-9a-f-]{36})"/.exec(stdout);
    expect(id, stdout).to.not.equal(null);
    expect(stdout).to.include(`token                          {"service_request_id":"${id![1]}","token":"${id![2]}"}`);
    expect(stdout).to.match(/serviceRequests\(start_date\)\s+[1-9]\d* request/);
    expect(stdout).to.match(/submitRequest \(wrong key\)\s+.*403/);
  });
});
