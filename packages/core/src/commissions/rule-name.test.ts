import { describe, expect, it } from 'vitest';
import { parsePlan } from './plan-schema.js';
import { componentNames, ruleName } from './rule-name.js';

describe('rule names', () => {
  const parsed = parsePlan({
    id: 'p', version: 1, name: 'P', currency: 'CNY', period: 'month', effective: { from: '2027-01-01' },
    components: [
      { id: 'base', name: ' 回款提成 ', type: 'table', bands: [{ rate: '2%' }] },
      { id: 'override', type: 'override', levels: [{ rate: '1%' }] },
      { id: 'blank', name: '', type: 'formula', formula: 'amount * 1%' },
    ],
  });
  if (!parsed.ok) throw new Error('the plan should parse');
  const names = componentNames(parsed.plan);

  it('names a rule by its component\'s name, trimmed, and by its id where the plan gives none', () => {
    expect(ruleName(names, 'base', 'en')).toBe('回款提成');
    expect(ruleName(names, 'override', 'zh-CN')).toBe('override');
    expect(ruleName(names, 'blank', 'en')).toBe('blank');
  });

  it('names the draw in the reader\'s language, and falls back to the id when the plan version is not at hand', () => {
    expect(ruleName(names, 'draw', 'en')).toBe('Draw');
    expect(ruleName(names, 'draw', 'zh-CN')).toBe('预支保底');
    expect(ruleName(null, 'base', 'en')).toBe('base');
  });
});
