// The published Node client `open311` (npm open311@0.0.12, codeforamerica/node-open311, BSD) driven against a running
// Hotline in JSON mode. It cannot be a devDependency: it depends on a git-only package (sparkxml) and on xml2json
// 0.2.4, whose node-expat builds with node-waf (Node 0.6); both serve only its XML mode, so they are stubbed and the
// rest installed from npm as it asks (request ~2.11, lodash ~0.6):
//
//   mkdir /tmp/n311 && cd /tmp/n311 && npm init -y && npm i request@2.11.4 lodash@0.6.1
//   npm pack open311 && tar xzf open311-0.0.12.tgz && mv package node_modules/open311
//   for m in sparkxml xml2json; do mkdir -p node_modules/$m; echo 'module.exports={}' > node_modules/$m/index.js; done
//   npm start   # demo data: api_key o311_demo-civic-app-key
//   NODE_PATH=/tmp/n311/node_modules node bench/open311-clients/node-open311-json.cjs http://127.0.0.1:3000 \
//     o311_demo-civic-app-key
//
// What it printed against Hotline is in bench/open311-clients/README.md.
/* eslint-disable */
const Open311 = require('open311');

const [base, apiKey] = process.argv.slice(2);
const say = (what, text) => console.log(`${what.padEnd(30)} ${text}`);
const call = (fn, ...args) =>
  new Promise((resolve, reject) => fn(...args, (err, data) => (err ? reject(new Error(String(data))) : resolve(data))));

(async () => {
  const client = new Open311({
    discovery: `${base}/open311/v2/discovery.json`,
    jurisdiction: 'hotline.example',
    apiKey,
  });
  const discovery = await call(client.serviceDiscovery.bind(client), { cache: true });
  say(
    'serviceDiscovery',
    `endpoint ${client.endpoint} format ${client.format}; formats ${discovery.endpoints[0].formats}`,
  );
  // Where it is reached, should PUBLIC_URL name another address (the test app's does).
  client.endpoint = `${base}/open311/v2/`;
  const services = await call(client.serviceList.bind(client));
  say('serviceList', `${services.length} services; first ${services[0].service_code} ${services[0].service_name}`);
  const code = services[0].service_code;
  const definition = await call(client.serviceDefinition.bind(client), code);
  say('serviceDefinition', `service_code ${definition.service_code}, ${definition.attributes.length} attributes`);
  const created = await call(client.submitRequest.bind(client), {
    service_code: code,
    lat: '39.9612',
    long: '116.4187',
    address_string: '东城区和平里七区3号楼',
    description: '楼下烧烤店油烟很大',
    email: 'resident@example.com',
    device_id: 'node-open311',
    attributes: { floor: '3', smell: 'strong' },
  });
  say('submitRequest', JSON.stringify(created));
  const [resolved] = await call(client.token.bind(client), created[0].token);
  say('token', JSON.stringify(resolved));
  const [one] = await call(client.serviceRequest.bind(client), created[0].service_request_id);
  say('serviceRequest', `${one.service_request_id} ${one.status} requested ${one.requested_datetime.toISOString()}`);
  const many = await call(client.serviceRequests.bind(client), [created[0].service_request_id, '1'], {
    status: 'open',
  });
  say('serviceRequests([ids])', `${many.length} request(s): ${many.map((r) => r.service_request_id)}`);
  const since = await call(client.serviceRequests.bind(client), { start_date: new Date().toISOString().slice(0, 10) });
  say('serviceRequests(start_date)', `${since.length} request(s) since today (a plain date)`);
  const bad = new Open311({ endpoint: `${base}/open311/v2/`, apiKey: 'o311_wrong' });
  await call(bad.submitRequest.bind(bad), { service_code: code, address_string: 'x' }).then(
    () => say('submitRequest (wrong key)', 'accepted!'),
    (e) => say('submitRequest (wrong key)', e.message),
  );
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
