import { describe, expect, it } from 'vitest';
import { chineseDecimal, findAmounts, type Currency } from './summary-amounts.js';

const amounts = (text: string, currency: Currency = 'CNY') => findAmounts(text, currency).map((a) => [a.text, a.minor, a.currency]);

describe('amounts in a note', () => {
  it.each([
    ['预算30万', [['30万', 30_000_000, 'CNY']]],
    ['报价¥300,000', [['¥300,000', 30_000_000, 'CNY']]],
    ['对方还价到￥280,000.50', [['￥280,000.50', 28_000_050, 'CNY']]],
    ['首付3.5万元', [['3.5万元', 3_500_000, 'CNY']]],
    ['budget RMB 120k', [['RMB 120k', 12_000_000, 'CNY']]],
    ['a deal of $20,000', [['$20,000', 2_000_000, 'USD']]],
    ['三十万', [['三十万', 30_000_000, 'CNY']]],
    ['一百二十万元', [['一百二十万元', 120_000_000, 'CNY']]],
    ['两千五百块钱', [['两千五百块钱', 250_000, 'CNY']]],
    ['预算三点五万', [['三点五万', 3_500_000, 'CNY']]],
    ['项目总额1.2亿', [['1.2亿', 12_000_000_000, 'CNY']]],
    ['30w左右', [['30w', 30_000_000, 'CNY']]],
    ['约 1,200,000 元', [['1,200,000 元', 120_000_000, 'CNY']]],
    ['HK$ 3,000', [['HK$ 3,000', 300_000, 'HKD']]],
    ['5,000 USD', [['5,000 USD', 500_000, 'USD']]],
    ['€3,000 deposit', [['€3,000', 300_000, 'EUR']]],
    ['20k USD', [['20k USD', 2_000_000, 'USD']]],
    ['¥50万', [['¥50万', 50_000_000, 'CNY']]],
    ['五十万美元', [['五十万美元', 50_000_000, 'USD']]],
    ['100万日元', [['100万日元', 1_000_000, 'JPY']]],
    ['The deal is worth 50k', [['50k', 5_000_000, 'CNY']]],
    ['a 1.5 million dollars contract', [['1.5 million dollars', 150_000_000, 'USD']]],
  ])('reads %s', (text, expected) => {
    expect(amounts(text)).toEqual(expected);
  });

  it('gives a range its two ends: 20-30万 and 20到30万', () => {
    expect(amounts('20-30万的预算')).toEqual([['20', 20_000_000, 'CNY'], ['30万', 30_000_000, 'CNY']]);
    expect(amounts('预算20到30万')).toEqual([['20', 20_000_000, 'CNY'], ['30万', 30_000_000, 'CNY']]);
  });

  it('uses the company currency for an amount without one', () => {
    expect(amounts('预算30万', 'USD')).toEqual([['30万', 30_000_000, 'USD']]);
    expect(amounts('预算30万', 'JPY')).toEqual([['30万', 300_000, 'JPY']]);
  });

  it.each([
    '11月30日下午3点', '2026年上线', '5台设备，3块屏幕', '5万用户', '十万火急', '50k users signed up', 'A4纸2000张',
    '打9折', 'up 15% on last year', '一起开会', '第三季度', '我们有3个方案', '$1.005',
  ])('finds no money in %s', (text) => {
    expect(amounts(text)).toEqual([]);
  });

  it('reads full-width digits and keeps the text as written', () => {
    expect(amounts('预算３０万')).toEqual([['３０万', 30_000_000, 'CNY']]);
  });

  it('gives each amount its place in the text', () => {
    expect(findAmounts('预算30万，首付3.5万元', 'CNY').map((a) => a.index)).toEqual([2, 8]);
  });

  it('turns Chinese numerals into decimals exactly', () => {
    expect(['三十万', '三点五万', '两千五', '一万二', '一千零五', '一亿两千万', '零点五万', '十二', '二十'].map(chineseDecimal)).toEqual([
      '300000', '35000', '2500', '12000', '1005', '120000000', '5000', '12', '20',
    ]);
    expect(chineseDecimal('三点')).toBeNull();
  });
});
