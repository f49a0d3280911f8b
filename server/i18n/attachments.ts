// Attachments on the server (docs/rules/attachments.md): the refusals of an upload and a download, and the timeline
// events of a file added. The pages' own words are in attachment-pages.ts.
import type { Entry } from './catalogue.ts';

export const attachments = {
  'thing.attachment': { zh: '附件', en: 'attachment' },
  'event.attachment': { zh: '上传附件', en: 'Attachment added' },
  'event.appeal_attachment': { zh: '上传申诉材料', en: 'Appeal material added' },
  'attachments.multipartOnly': {
    zh: '附件须以 multipart/form-data 上传，文件放在 file 字段',
    en: 'attachments are uploaded as multipart/form-data, the file in field file',
  },
  'attachments.tooLarge': {
    zh: '文件超过 {max} 字节的上限，未保存',
    en: 'the file is larger than the limit of {max} bytes; nothing was stored',
  },
  'attachments.oneFile': { zh: '每次只能上传一个文件（file 字段）', en: 'one file per upload, in field file' },
  'attachments.typeRefused': {
    zh: '文件内容不是允许的类型（{allowed}）；类型按内容判断，不看文件名',
    en: 'the file is not of an allowed type ({allowed}); the type is read from its content, not its name',
  },
  'attachments.imageUnreadable': {
    zh: '图片无法读取（文件损坏或像素过多）',
    en: 'the image cannot be read (damaged, or too many pixels)',
  },
  'attachments.ratingOnlyForAppeal': {
    zh: '只有申诉材料（purpose=appeal）需要 rating_id',
    en: 'rating_id goes with appeal material (purpose=appeal) only',
  },
  'attachments.ratingRequired': { zh: '申诉材料须注明所申诉的评价', en: 'appeal material names the rating appealed' },
  'attachments.ratingNotOfTicket': {
    zh: '该评价不属于本工单',
    en: 'that rating is not one of this order',
  },
  'attachments.uploaders': {
    zh: '只有话务员、督办人员和承办该工单的单位可以上传附件',
    en: 'only operators, supervisors and the units handling the order upload attachments',
  },
} satisfies Record<string, Entry>;
