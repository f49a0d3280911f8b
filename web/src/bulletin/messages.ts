import { extend } from '../i18n.ts';

extend({
  zh: {
    'b.title': '运行情况通报',
    'b.heading': '12345政务服务便民热线{y}年{m}月运行情况通报',
    'b.month': '月份',
    'b.show': '查看',
    'b.print': '打印',
    'b.back': '返回督办考核',
    'b.meta':
      '统计区间 {from} 至 {to}；环比对照上月 {pfrom} 至 {pto}。比率的环比为百分点变化，数量的环比为增减件数及百分比。',
    'b.s1': '一、总体情况',
    'b.s2': '二、各承办单位办理情况',
    'b.s3': '三、红蓝榜',
    'b.s4': '四、诉求分类（受理量前十）',
    'b.toDate': '本月尚未结束：以下为截至{day}的数据。',
    'b.day': '{m}月{d}日',
    'b.metaToDate':
      '统计区间 {from} 至 {to}（截至当日）；环比对照上月同期 {pfrom} 至 {pto}。比率的环比为百分点变化，数量的环比为增减件数及百分比。',
    'b.callsToDate':
      '本月截至{day}热线呼入 {inbound} 个，接通 {answered} 个，接通率 {rate}（15秒内接通率 {rate15}），接通率环比 {mom} 个百分点。',
    'b.momOrders': '{d} 件',
    'b.momPercent': '{d}%',
    'b.previewToDate': '本月尚未结束，红蓝榜为截至目前的预览，月末后生成、审核发布。',
    'b.calls':
      '本月热线呼入 {inbound} 个，接通 {answered} 个，接通率 {rate}（15秒内接通率 {rate15}），接通率环比 {mom} 个百分点。',
    'b.orders':
      '各承办单位受理工单 {received} 件（环比 {mom}），及时签收率 {sign}，办结率 {done}，按时办结率 {ontime}；收到有效评价 {ratings} 个，满意率 {sat}，差评 ' +
      '{bad} 个，差评整改率 {rect}。',
    'b.total': '合计',
    'b.red': '红榜',
    'b.blue': '蓝榜',
    'b.rank': '名次',
    'b.score': '得分',
    'b.none': '无',
    'b.unranked': '受理量不足、不参与排名：{names}。',
    'b.published': '本榜单已于 {at} 发布。',
    'b.preview': '本月榜单尚未发布，以下为预览，发布前随办理情况变化。',
    'b.noCategory': '未分类',
    'b.category': '诉求分类',
    'b.empty': '本月无数据。',
  },
  en: {
    'b.title': 'Monthly bulletin',
    'b.heading': '12345 Hotline monthly bulletin, {y}-{m}',
    'b.month': 'Month',
    'b.show': 'Show',
    'b.print': 'Print',
    'b.back': 'Back to supervision',
    'b.meta':
      'Period {from} to {to}, compared with the month before, {pfrom} to {pto}. Rates change in percentage ' +
      'points; counts in orders and per cent.',
    'b.s1': '1. Overview',
    'b.s2': '2. Departments',
    'b.s3': '3. Red/blue board',
    'b.s4': '4. Categories (top 10 by orders received)',
    'b.toDate': 'The month has not ended: figures to {day}.',
    'b.day': '{m}/{d}',
    'b.metaToDate':
      'Period {from} to {to} (to date), compared with the same days of the month before, {pfrom} to {pto}. Rates ' +
      'change in percentage points; counts in orders and per cent.',
    'b.callsToDate':
      'To {day}: {inbound} inbound calls, {answered} answered: connection rate {rate} ({rate15} within 15 s), ' +
      '{mom} points on the same days of the month before.',
    'b.momOrders': '{d} orders',
    'b.momPercent': '{d}%',
    'b.previewToDate':
      'The month has not ended: the board is a preview to date, prepared and published after the month ends.',
    'b.calls':
      '{inbound} inbound calls, {answered} answered: connection rate {rate} ({rate15} within 15 s), {mom} points ' +
      'on the month before.',
    'b.orders':
      'Departments received {received} orders ({mom} on the month before); timely sign-for {sign}, completion ' +
      '{done}, on-time completion {ontime}; {ratings} valid ratings, satisfaction {sat}; {bad} bad reviews, ' +
      'rectification {rect}.',
    'b.total': 'Total',
    'b.red': 'Red list',
    'b.blue': 'Blue list',
    'b.rank': 'Rank',
    'b.score': 'Score',
    'b.none': 'none',
    'b.unranked': 'Too few orders to rank: {names}.',
    'b.published': 'Published {at}.',
    'b.preview': 'Not yet published: a preview that changes with the work until it is.',
    'b.noCategory': 'No category',
    'b.category': 'Category',
    'b.empty': 'Nothing this month.',
  },
});
