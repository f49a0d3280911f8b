// The daily data report (docs/integration.md "Daily data reporting"): the refusal of a rerun of a day that was
// never reported (a rerun never reports a day out of order, which would leave the days before it behind).
import type { Entry } from './catalogue.ts';

export const dataReport = {
  'dataReport.notReported': {
    zh: '该日尚未上报，不能重新上报（{day}）',
    en: 'Day {day} has not been reported yet; only a reported day can be sent again',
  },
  // The administrators' tab 数据上报 (web/src/admin/data-reports.ts).
  'tab.dataReports': { zh: '数据上报', en: 'Data reporting' },
  'dataReport.title': { zh: '每日数据上报（省数据共享平台）', en: 'Daily data reports (provincial data platform)' },
  'dataReport.hint': {
    zh:
      '每天凌晨上报前一日的工单、评价和各部门指标，停机后按日补报，每日一次。' +
      '重新上报只重写文件，已推送的内容不会重复推送。',
    en:
      'Each night the day before is reported (orders, ratings, figures); days missed while down follow in order, ' +
      'each once. Sending a day again rewrites its files and posts nothing a system already has.',
  },
  'dataReport.day': { zh: '日期', en: 'Day' },
  'dataReport.orders': { zh: '工单', en: 'Orders' },
  'dataReport.ratings': { zh: '评价', en: 'Ratings' },
  'dataReport.figures': { zh: '部门指标', en: 'Departments' },
  'dataReport.posts': { zh: '推送条数', en: 'Posts' },
  'dataReport.file': { zh: '文件', en: 'Files' },
  'dataReport.yes': { zh: '已写入', en: 'written' },
  'dataReport.no': { zh: '未写入', en: 'none' },
  'dataReport.reportedAt': { zh: '上报时间', en: 'Reported at' },
  'dataReport.rerun': { zh: '重新上报', en: 'Send again' },
  'dataReport.rerunDone': { zh: '已重新上报 {day}', en: '{day} sent again' },
  'dataReport.none': { zh: '尚无上报记录', en: 'No day reported yet' },
} satisfies Record<string, Entry>;
