// The map of hot spots (热点地图, docs/rules/hot-spots.md "The map"): the refusals of an uploaded GeoJSON, and the
// words of the map on the supervisor's page, the live dashboard and the administrator's upload.
import type { Entry } from './catalogue.ts';

export const areaMap = {
  'thing.areaMap': { zh: '区域地图', en: 'area map' },
  'thing.area': { zh: '区域', en: 'area' },
  'areaMap.invalid': { zh: '地图文件有误，未保存', en: 'the map file has problems; nothing was stored' },
  'areaMap.notJson': { zh: '文件不是有效的 JSON（GeoJSON）', en: 'the file is not valid JSON (GeoJSON)' },
  'areaMap.multipartOnly': {
    zh: '地图以 multipart/form-data 上传，GeoJSON 文件放在 file 字段',
    en: 'the map is uploaded as multipart/form-data, the GeoJSON file in field file',
  },
  'areaMap.geometryType': {
    zh: '几何类型应为 Polygon 或 MultiPolygon',
    en: 'the geometry is a Polygon or a MultiPolygon',
  },
  'areaMap.ringOpen': {
    zh: '多边形的环至少4个点且首尾相同（闭合）',
    en: 'a ring has at least four positions and ends where it begins (closed)',
  },
  'areaMap.unitNamed': {
    zh: '每个区域须以 properties.unit_id 或 properties.name 指明所属区域',
    en: 'each area names its unit by properties.unit_id or properties.name',
  },
  'areaMap.noSuchUnit': {
    zh: '没有编号为 {id} 的有效区县、街道或社区',
    en: 'no active district, street or community has id {id}',
  },
  'areaMap.noSuchName': {
    zh: '没有名为“{name}”的有效区县、街道或社区',
    en: 'no active district, street or community is named "{name}"',
  },
  'areaMap.ambiguousName': {
    zh: '名为“{name}”的区域不止一个，请用 unit_id 指明',
    en: 'more than one area is named "{name}": name it by unit_id',
  },
  'areaMap.duplicateUnit': {
    zh: '“{name}”已由第 {index} 个要素绘出（从0计）',
    en: '"{name}" is already drawn by feature {index} (counted from 0)',
  },
  'areaMap.tooLarge': {
    zh: '地图文件超过 {max} 字节的上限，未保存',
    en: 'the map file is larger than the limit of {max} bytes; nothing was stored',
  },
  // The pages' words.
  'tab.hotmap': { zh: '热点地图', en: 'Hot-spot map' },
  'areaMap.title': { zh: '热点地图', en: 'Hot-spot map' },
  'areaMap.days': { zh: '近{days}天', en: 'last {days} days' },
  'areaMap.period': { zh: '统计期间', en: 'Period' },
  'areaMap.orders': { zh: '工单', en: 'orders' },
  'areaMap.ordersCount': { zh: '{n} 件工单', en: '{n} orders' },
  'areaMap.warnings': { zh: '{n} 条未办结预警', en: '{n} open warnings' },
  'areaMap.warningsLegend': { zh: '红框：有未办结预警（数字为条数）', en: 'Red outline: open warnings (their number)' },
  'areaMap.legend': { zh: '工单数', en: 'Orders' },
  'areaMap.noMap': {
    zh: '尚未上传区域地图。系统管理员可在“系统管理 › 区域地图”上传 GeoJSON 文件。',
    en: 'No area map uploaded yet. An administrator uploads a GeoJSON file under Administration › Area map.',
  },
  'areaMap.pick': { zh: '点击地图上的区域，查看其工单', en: 'Click an area on the map to list its orders' },
  'areaMap.areaOrders': { zh: '{name}：近{days}天工单', en: '{name}: orders of the last {days} days' },
  'areaMap.shown': { zh: '显示最新 {shown} 件，共 {total} 件', en: 'the newest {shown} of {total} shown' },
  'areaMap.noOrders': { zh: '该区域在此期间没有工单', en: 'No orders in this area in the period' },
  'areaMap.dashTitle': { zh: '近30日区域工单热力', en: 'Orders by area, last 30 days' },
  // The administrator's upload.
  'tab.areaMap': { zh: '区域地图', en: 'Area map' },
  'areaMap.uploadHint': {
    zh:
      '上传城市区域的 GeoJSON 文件（FeatureCollection，要素为 Polygon 或 MultiPolygon，经纬度 WGS84）。' +
      '每个要素以 properties.unit_id 或 properties.name 对应一个有效的区县、街道或社区。最新上传的地图即为当前地图。',
    en:
      "Upload a GeoJSON file of the city's areas (a FeatureCollection of Polygon or MultiPolygon features, WGS84 " +
      'lng/lat). Each feature names an active district, street or community by properties.unit_id or ' +
      'properties.name. The newest upload is the current map.',
  },
  'areaMap.file': { zh: 'GeoJSON 文件', en: 'GeoJSON file' },
  'areaMap.mapName': { zh: '地图名称', en: 'Map name' },
  'areaMap.upload': { zh: '上传地图', en: 'Upload map' },
  'areaMap.uploaded': {
    zh: '已上传“{name}”：{matched} 个区域已对应到单位',
    en: 'Uploaded "{name}": {matched} areas matched to units',
  },
  'areaMap.current': {
    zh: '当前地图：{name}，{features} 个区域，上传于 {at@time}',
    en: 'Current map: {name}, {features} areas, uploaded {at@time}',
  },
} satisfies Record<string, Entry>;
