/**
 * The words of the household archive exchange screen (数据交换), in Chinese
 * and English; zh-CN.ts and en-US.ts hold them under `exchange`.
 * The format itself is described in docs/exchange-format.md.
 */
export const exchangeZh = {
  title: '数据交换（档案交换文件）',
  intro:
    '档案交换文件用于向上级工会报送困难职工档案：上级工会使用自己的帮扶系统时，可将下级导出的交换文件导入本系统。文件包含所选单位及下级全部在档（未退出）家庭的完整档案。',
  node: '单位',
  pickNode: '请选择单位',
  nodeHint:
    '导出时为该单位及下级的档案；导入时档案放到该单位下与原建档单位编码相同的单位，没有同编码单位的放到该单位本身',
  exportTitle: '导出交换文件',
  exportWarning:
    '交换文件含未脱敏的个人信息：身份证号、联系电话、银行账号和疾病诊断均为明文。仅用于向上级工会报送，请通过安全渠道传递，用后及时删除，不得转发他人。每次导出都记入审计日志。',
  exportButton: '导出交换文件',
  exportConfirmTitle: '导出含未脱敏个人信息的交换文件？',
  exportConfirm: '将导出“{{node}}”及下级全部在档家庭的完整档案，并记入审计日志。',
  exported: '交换文件已开始下载',
  importTitle: '导入交换文件',
  importHint:
    '上传下级工会导出的交换文件（.jsonl）。系统先检查整个文件（格式、版本、每一行、结尾户数），有任何问题则不导入任何档案；检查通过后逐户建档：按本系统的字典和校验规则重新核对、重新认定；原为已建档的直接登记建档（使用本系统的档案编号，原档案编号记入备注）。家庭成员已在本系统有在档档案等情况的家庭会被跳过并列出原因，同一文件重复导入不会重复建档。',
  drop: '点击或拖入交换文件开始导入',
  dropHint: '仅支持本系统导出的 .jsonl 交换文件',
  importing: '正在导入…',
  imported: '导入完成：新建 {{created}} 户，跳过 {{skipped}} 户',
  resultTitle: '导入结果',
  file: '文件',
  target: '导入到',
  at: '导入时间',
  created: '新建档案（户）',
  registered: '其中直接登记建档（户）',
  skipped: '跳过（户）',
  skippedTitle: '未导入的家庭',
  skippedHint: '以下家庭没有导入。请按原因处理后，可再次导入同一文件：已导入的家庭不会重复建档。',
  line: '文件行号',
  head: '户主',
  reason: '原因',
  noSkipped: '全部家庭均已导入',
  noPermission: '您没有导入档案的权限',
};

type Widen<T> = T extends string ? string : { [K in keyof T]: Widen<T[K]> };

export const exchangeEn: Widen<typeof exchangeZh> = {
  title: 'Data exchange (household archive)',
  intro:
    'The archive exchange file reports household files up to a higher union that runs its own Bangfu: it takes the file exported here into its own system. The file holds the complete files of every active (not exited) household of the chosen node and below.',
  node: 'Node',
  pickNode: 'Choose a node',
  nodeHint:
    'Export: the files of this node and below. Import: each file goes to the node below this one with its original node code, or to this node when there is none',
  exportTitle: 'Export an exchange file',
  exportWarning:
    'The exchange file holds unmasked personal data: ID numbers, phones, bank accounts and diagnoses in clear. Use it only to report to the higher-level union, send it over a secure channel, delete it after use and pass it to no one else. Every export is written to the audit log.',
  exportButton: 'Export exchange file',
  exportConfirmTitle: 'Export a file with unmasked personal data?',
  exportConfirm:
    'The complete files of every active household of “{{node}}” and below will be exported, and the export logged.',
  exported: 'The exchange file is downloading',
  importTitle: 'Import an exchange file',
  importHint:
    'Upload an exchange file (.jsonl) exported by a lower union. The whole file is checked first (format, version, every line, the count at the end) and nothing is imported if any of it is wrong; then each household is created with this system’s dictionaries and checks and assessed again; files registered there are registered here directly (with this system’s file number, the original one in the note). Households whose people already have an active file here, and the like, are skipped with the reason; importing the same file again creates nothing twice.',
  drop: 'Click or drop an exchange file to import it',
  dropHint: 'Only .jsonl exchange files exported by Bangfu',
  importing: 'Importing…',
  imported: 'Imported: {{created}} households created, {{skipped}} skipped',
  resultTitle: 'Import result',
  file: 'File',
  target: 'Imported under',
  at: 'Imported at',
  created: 'Files created',
  registered: 'of which registered directly',
  skipped: 'Skipped',
  skippedTitle: 'Households not imported',
  skippedHint:
    'These households were not imported. Deal with the reason, then import the same file again: households already imported are not created twice.',
  line: 'Line in file',
  head: 'Head',
  reason: 'Reason',
  noSkipped: 'Every household was imported',
  noPermission: 'You may not import files',
};
