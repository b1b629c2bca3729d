/**
 * How the CRM's closed vocabularies are written in a spreadsheet: the code, its English label or its Chinese
 * label (and a few common synonyms). Imports accept any of them; exports write the label of the reader's language.
 */
import {
  activityKinds, budgetBands, companySizes, decisionChains, industries, leadSources, leadStages, recordStatuses,
  type Locale,
} from '@closeloop/core';

type Labels<T extends string> = Record<T, { en: string; 'zh-CN': string; also?: string[] }>;

const industryLabels: Labels<(typeof industries)[number]> = {
  manufacturing: { en: 'Manufacturing', 'zh-CN': '制造业', also: ['制造', '工业'] },
  education: { en: 'Education', 'zh-CN': '教育', also: ['教育培训', '教育行业'] },
  retail: { en: 'Retail', 'zh-CN': '零售', also: ['零售业', '商超', '连锁零售'] },
  healthcare: { en: 'Healthcare', 'zh-CN': '医疗健康', also: ['医疗', '医药', '卫生'] },
  saas: { en: 'Software / SaaS', 'zh-CN': '软件/SaaS', also: ['软件', 'saas', '互联网', 'it', '信息技术'] },
  finance: { en: 'Finance', 'zh-CN': '金融', also: ['金融业', '银行', '保险'] },
  logistics: { en: 'Logistics', 'zh-CN': '物流', also: ['物流运输', '运输', '仓储'] },
  energy: { en: 'Energy', 'zh-CN': '能源', also: ['电力', '新能源'] },
  construction: { en: 'Construction', 'zh-CN': '建筑', also: ['建筑业', '建筑工程', '工程'] },
  government: { en: 'Government', 'zh-CN': '政府', also: ['政府机构', '政企', '事业单位'] },
  other: { en: 'Other', 'zh-CN': '其他', also: ['其它'] },
};

const sizeLabels: Labels<(typeof companySizes)[number]> = {
  micro: { en: 'Micro', 'zh-CN': '微型' },
  small: { en: 'Small', 'zh-CN': '小型' },
  medium: { en: 'Medium', 'zh-CN': '中型' },
  large: { en: 'Large', 'zh-CN': '大型' },
  enterprise: { en: 'Enterprise', 'zh-CN': '集团', also: ['超大型', '集团型'] },
};

const budgetLabels: Labels<(typeof budgetBands)[number]> = {
  under_100k: { en: 'Under 100k', 'zh-CN': '10万以下', also: ['<10万'] },
  '100k_500k': { en: '100k–500k', 'zh-CN': '10-50万', also: ['10万-50万', '100k-500k'] },
  '500k_2m': { en: '500k–2m', 'zh-CN': '50-200万', also: ['50万-200万', '500k-2m'] },
  over_2m: { en: 'Over 2m', 'zh-CN': '200万以上', also: ['>200万'] },
  unknown: { en: 'Unknown', 'zh-CN': '未知', also: ['不详'] },
};

const decisionChainLabels: Labels<(typeof decisionChains)[number]> = {
  single: { en: 'Single decision maker', 'zh-CN': '单人决策', also: ['single decision-maker'] },
  multi_level: { en: 'Multi-level approval', 'zh-CN': '多级审批', also: ['多级决策'] },
  committee: { en: 'Buying committee', 'zh-CN': '采购委员会', also: ['委员会', '集体决策'] },
  unknown: { en: 'Unknown', 'zh-CN': '未知', also: ['不详'] },
};

const sourceLabels: Labels<(typeof leadSources)[number]> = {
  quick_add: { en: 'Quick add', 'zh-CN': '快速录入' },
  web_form: { en: 'Web form', 'zh-CN': '网页表单', also: ['官网', '表单'] },
  import: { en: 'Import', 'zh-CN': '导入', also: ['批量导入'] },
  api: { en: 'API', 'zh-CN': '接口' },
  referral: { en: 'Referral', 'zh-CN': '转介绍', also: ['推荐', '客户推荐'] },
  exhibition: { en: 'Exhibition', 'zh-CN': '展会', also: ['会展', '展览'] },
  cold_call: { en: 'Cold call', 'zh-CN': '电话开发', also: ['陌拜', '陌生拜访', '电销'] },
  other: { en: 'Other', 'zh-CN': '其他', also: ['其它'] },
};

const stageLabels: Labels<(typeof leadStages)[number]> = {
  new: { en: 'New', 'zh-CN': '新线索', also: ['新建', '新'] },
  contacted: { en: 'Contacted', 'zh-CN': '已联系', also: ['初步接触'] },
  qualified: { en: 'Qualified', 'zh-CN': '已确认', also: ['合格', '有效'] },
  proposal: { en: 'Proposal', 'zh-CN': '方案报价', also: ['方案', '报价'] },
  negotiation: { en: 'Negotiation', 'zh-CN': '商务谈判', also: ['谈判'] },
  won: { en: 'Won', 'zh-CN': '赢单', also: ['成交', '签约'] },
  lost: { en: 'Lost', 'zh-CN': '输单', also: ['丢单', '失败'] },
};

const activityKindLabels: Labels<(typeof activityKinds)[number]> = {
  call: { en: 'Call', 'zh-CN': '电话' },
  visit: { en: 'Visit', 'zh-CN': '拜访' },
  meeting: { en: 'Meeting', 'zh-CN': '会议' },
  note: { en: 'Note', 'zh-CN': '备注' },
};

const statusLabels: Labels<(typeof recordStatuses)[number]> = {
  active: { en: 'Active', 'zh-CN': '有效' },
  archived: { en: 'Archived', 'zh-CN': '已归档' },
};

export const vocabularies = {
  industry: industryLabels,
  size: sizeLabels,
  budgetBand: budgetLabels,
  decisionChain: decisionChainLabels,
  source: sourceLabels,
  stage: stageLabels,
  activityKind: activityKindLabels,
  status: statusLabels,
} as const;
export type VocabularyName = keyof typeof vocabularies;

/** Header and vocabulary cells compare without width, case, spaces or punctuation ("Cold-Call" = "cold_call"). */
export function looseKey(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[\s_\-–—/\\.·:：*]/g, '');
}

const lookups = new Map<VocabularyName, Map<string, string>>();
for (const name of Object.keys(vocabularies) as VocabularyName[]) {
  const map = new Map<string, string>();
  for (const [code, label] of Object.entries(vocabularies[name]) as Array<[string, { en: string; 'zh-CN': string; also?: string[] }]>) {
    for (const spelling of [code, label.en, label['zh-CN'], ...(label.also ?? [])]) map.set(looseKey(spelling), code);
  }
  lookups.set(name, map);
}

/** The code a cell means, or null when it names nothing in the vocabulary. */
export function codeOf(name: VocabularyName, cell: string): string | null {
  return lookups.get(name)?.get(looseKey(cell)) ?? null;
}

/** The label a person reads for a code; unknown codes pass through unchanged. */
export function labelOf(name: VocabularyName, code: string | null, locale: Locale): string {
  if (code === null) return '';
  const labels = vocabularies[name] as Record<string, { en: string; 'zh-CN': string }>;
  return labels[code]?.[locale] ?? code;
}

/** A short list of accepted spellings, for row error messages. */
export function acceptedLabels(name: VocabularyName, locale: Locale): string {
  return Object.values(vocabularies[name] as Record<string, { en: string; 'zh-CN': string }>)
    .map((l) => l[locale])
    .join(locale === 'zh-CN' ? '、' : ', ');
}
