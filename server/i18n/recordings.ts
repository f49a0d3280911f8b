// Call recordings (docs/rules/attachments.md "Call recordings"): the refusals of a play and the words of the players
// on the ticket page, the appeal and the operator's call log.
import type { Entry } from './catalogue.ts';

export const recordings = {
  'thing.recording': { zh: '录音', en: 'recording' },
  'calls.recordingRefInvalid': {
    zh: '录音编号只能包含字母、数字和 ._-:/，不超过 200 个字符，且不能含 . 或 .. 路径段',
    en: 'a recording reference holds letters, digits and ._-:/ only, at most 200 characters, no . or .. segment',
  },
  'calls.recordingPlayers': {
    zh: '只有话务员和督办人员可以播放通话录音',
    en: 'only operators and supervisors play call recordings',
  },
  'calls.noRecording': { zh: '该通话没有录音', en: 'this call has no recording' },
  'calls.recordingNotConfigured': {
    zh: '未配置电话系统的录音地址（RECORDING_URL），无法播放录音',
    en: 'the telephone system is not configured (RECORDING_URL): recordings cannot be played',
  },
  'calls.recordingUnreachable': {
    zh: '电话系统暂时无法提供录音，请稍后重试',
    en: 'the telephone system did not deliver the recording, please retry later',
  },
  'calls.recordingMissingAtCti': {
    zh: '电话系统中找不到该录音',
    en: 'the telephone system has no such recording',
  },
  'recording.title': { zh: '通话录音', en: 'Call recordings' },
  'recording.recording': { zh: '录音', en: 'Recording' },
  'recording.play': { zh: '播放', en: 'Play' },
  'recording.none': { zh: '无录音', en: 'No recording' },
  'recording.noCalls': { zh: '本工单没有关联的来电', en: 'No calls are linked to this order' },
  'recording.call': { zh: '来电 {at@time}，通话 {talk} 秒', en: 'Call at {at@time}, {talk} s talk' },
  'recording.audited': {
    zh: '每次播放都会记入审计日志',
    en: 'Every play is written to the audit log',
  },
  // The operator's call log (通话记录) on the console.
  'tab.calls': { zh: '通话记录', en: 'Call log' },
  'recording.col.time': { zh: '来电时间', en: 'started' },
  'recording.col.phone': { zh: '来电号码', en: 'caller' },
  'recording.col.answered': { zh: '接听', en: 'answered' },
  'recording.col.talk': { zh: '通话时长', en: 'talk' },
  'recording.col.order': { zh: '工单', en: 'order' },
  'recording.answered': { zh: '已接听', en: 'answered' },
  'recording.missed': { zh: '未接', en: 'missed' },
  'recording.noCallsLogged': { zh: '暂无来电记录', en: 'no calls yet' },
  'recording.notConfigured': {
    zh: '电话系统未配置，暂不能播放录音',
    en: 'The telephone system is not configured: recordings cannot be played',
  },
} satisfies Record<string, Entry>;
