// The pages' words for attachments (docs/rules/attachments.md "On the pages"): the 附件 section of an order, the
// file pickers of intake, the reply (办结佐证), rectification and the appeal, and each file's progress. The server's
// refusals of a file (its type, its size) are its own entries; the pages show them as the server words them.
import type { Entry } from './catalogue.ts';

export const attachmentPages = {
  'att.section': { zh: '附件', en: 'Attachments' },
  'att.none': { zh: '暂无附件', en: 'No attachments' },
  'att.purpose.intake': { zh: '受理材料', en: 'Intake material' },
  'att.purpose.reply': { zh: '办结佐证', en: 'Proof of completion' },
  'att.purpose.rectification': { zh: '整改材料', en: 'Rectification material' },
  'att.purpose.appeal': { zh: '申诉材料', en: 'Appeal material' },
  'att.purpose.open311': { zh: '群众上传', en: 'From the resident' },
  'att.byAt': { zh: '{name} 上传于 {at}', en: 'uploaded by {name} at {at}' },
  'att.at': { zh: '上传于 {at}', en: 'uploaded at {at}' },
  'att.open': { zh: '打开 {name}', en: 'open {name}' },
  'att.photo': { zh: '拍照', en: 'take a photo' },
  'att.files': { zh: '选择照片或文件', en: 'choose photos or files' },
  'att.intake': { zh: '附件（照片、文件）', en: 'attachments (photos, documents)' },
  'att.intakeHint': {
    zh: '工单创建后随即上传，作为受理材料',
    en: 'uploaded as soon as the order is created, as intake material',
  },
  'att.proof': { zh: '办结佐证（现场照片、文件）', en: 'proof of completion (photos of the site, documents)' },
  'att.proofHint': {
    zh: '选择后即上传；可拍照，也可选择手机里的照片或文件',
    en: 'uploaded when chosen: take a photo, or choose photos or files',
  },
  'att.rectification': { zh: '整改材料（照片、文件）', en: 'rectification material (photos, documents)' },
  'att.appeal': { zh: '申诉材料（照片、文件）', en: 'appeal material (photos, documents)' },
  'att.appealHint': {
    zh: '选择后即上传，供审核申诉时查看',
    en: 'uploaded when chosen, for the supervisor deciding the appeal',
  },
  'att.upload': { zh: '上传附件', en: 'upload attachments' },
  'att.uploadHint': {
    zh: '选择后即上传到本工单，办理单位和热线均可查看',
    en: 'uploaded to the order when chosen, for the units handling it and the hotline to see',
  },
  'att.waiting': { zh: '待上传', en: 'waiting' },
  'att.uploading': { zh: '上传中 {pct}%', en: 'uploading {pct}%' },
  'att.uploaded': { zh: '已上传', en: 'uploaded' },
  'att.remove': { zh: '移除 {name}', en: 'remove {name}' },
  'att.intakeFailed': {
    zh: '工单 {number} 已创建，以下附件未上传：{names}。请移除或更换后再次提交',
    en: 'order {number} is created; these files were not uploaded: {names}. Remove or replace them and submit again',
  },
} satisfies Record<string, Entry>;

export type AttachmentWord = keyof typeof attachmentPages;
