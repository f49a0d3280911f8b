// The daily data report (docs/integration.md "Daily data reporting"): the refusal of a rerun of a day that was
// never reported (a rerun never reports a day out of order, which would leave the days before it behind).
import type { Entry } from './catalogue.ts';

export const dataReport = {
  'dataReport.notReported': {
    zh: '该日尚未上报，不能重新上报（{day}）',
    en: 'Day {day} has not been reported yet; only a reported day can be sent again',
  },
} satisfies Record<string, Entry>;
