// The demo's connected systems and their keys, published in docs/integration.md so its curl and Node examples work
// against `npm start`. Demo only: a real peer's key is issued by the service and shown once.
export const DEMO_PEERS = {
  upstream: {
    code: 'province-12345',
    name: '省12345平台（演示）',
    keyId: 'demo-upstream',
    secret: 'demo-upstream-secret',
  },
  provinceRatings: {
    code: 'province-haochaping',
    name: '省政务服务好差评系统（演示）',
    keyId: 'demo-haochaping',
    secret: 'demo-haochaping-secret',
  },
  linkage110: { code: 'linkage-110', name: '110 指挥中心（演示）', keyId: 'demo-110', secret: 'demo-110-secret' },
  dataReport: { code: 'province-data', name: '省数据共享平台（演示）', keyId: 'demo-data', secret: 'demo-data-secret' },
} as const;
