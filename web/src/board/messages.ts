// The public board's words, Chinese first.
import { extend } from '../i18n.ts';

extend({
  zh: {
    'pb.title': '12345 热线红蓝榜',
    'pb.heading': '{month} 月度工单办理红蓝榜',
    'pb.published': '{at} 发布',
    'pb.red': '红榜',
    'pb.blue': '蓝榜',
    'pb.none': '本组不设榜单（参与排名的单位少于 {minRanked} 个）',
    'pb.ranking': '全部排名',
    'pb.rank': '名次',
    'pb.department': '承办单位',
    'pb.score': '得分',
    'pb.received': '受理量',
    'pb.unranked': '样本不足、未参与排名：',
    'pb.rule':
      '得分按按时办结率、满意率、及时签收率、办结率、退单率和重办率加权计算；每组前五分之一为红榜、后五分之一为蓝榜，同分并列，边界处并列者不入榜；当月受理不足 {minSample} 件的单位不参与排名。',
    'pb.notFound': '{month} 的红蓝榜尚未发布。',
    'pb.noneYet': '尚无已发布的红蓝榜。',
    'pb.month': '月份',
    'pb.show': '查看',
  },
  en: {
    'pb.title': '12345 Hotline red/blue board',
    'pb.heading': 'Red/blue board of {month}',
    'pb.published': 'published {at}',
    'pb.red': 'Red list',
    'pb.blue': 'Blue list',
    'pb.none': 'No lists in this group (fewer than {minRanked} ranked units)',
    'pb.ranking': 'Full ranking',
    'pb.rank': 'Rank',
    'pb.department': 'Unit',
    'pb.score': 'Score',
    'pb.received': 'Received',
    'pb.unranked': 'Too few orders to rank: ',
    'pb.rule':
      'The score weighs on-time completion, satisfaction, timely sign-for, completion, returns and redos; the ' +
      'top fifth of each group is the red list, the bottom fifth the blue list; equal scores share a rank and a ' +
      'tie at a boundary stays off the list; units with fewer than {minSample} orders in the month are not ' +
      'ranked.',
    'pb.notFound': 'The board of {month} has not been published.',
    'pb.noneYet': 'No board has been published yet.',
    'pb.month': 'Month',
    'pb.show': 'Show',
  },
});
