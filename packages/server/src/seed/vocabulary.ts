/**
 * The words sample companies are made of: Chinese personal and company names, cities with their districts and
 * area codes, and the phrases reps write after a call or a visit. Only seeds read this file.
 */
import type { Industry } from '@closeloop/core';

export const surnames = [
  '王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '林', '罗',
  '郑', '梁', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹', '彭', '曾', '肖', '田', '董', '袁', '潘', '于', '蒋', '蔡',
  '余', '杜', '叶', '程', '苏', '魏', '吕', '丁', '任', '沈',
] as const;

export const givenNames = [
  '伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '霞', '平', '刚',
  '建国', '建华', '志强', '海燕', '晓东', '文博', '子涵', '雨萱', '浩然', '欣怡', '思远', '嘉怡', '宇轩', '俊杰', '婷婷',
  '国庆', '立新', '春梅', '振华', '玉兰', '晨', '鹏', '飞', '斌', '凯', '慧', '颖', '琳', '倩', '志明', '晓燕', '红梅',
  '建军', '永强', '丽华', '秀兰', '海涛', '文静', '佳琪', '子轩',
] as const;

/** Brand names are two syllables, one from each list, with the pinyin used for e-mail domains. */
const brandHeads: ReadonlyArray<readonly [string, string]> = [
  ['华', 'hua'], ['中', 'zhong'], ['恒', 'heng'], ['天', 'tian'], ['博', 'bo'], ['鼎', 'ding'], ['金', 'jin'], ['宏', 'hong'],
  ['远', 'yuan'], ['瑞', 'rui'], ['汇', 'hui'], ['新', 'xin'], ['嘉', 'jia'], ['明', 'ming'], ['安', 'an'], ['同', 'tong'],
  ['蓝', 'lan'], ['云', 'yun'], ['海', 'hai'], ['众', 'zhong'], ['德', 'de'], ['永', 'yong'], ['星', 'xing'], ['立', 'li'],
  ['正', 'zheng'], ['信', 'xin'], ['东', 'dong'], ['盛', 'sheng'], ['兴', 'xing'], ['卓', 'zhuo'],
];
const brandTails: ReadonlyArray<readonly [string, string]> = [
  ['瑞', 'rui'], ['成', 'cheng'], ['达', 'da'], ['通', 'tong'], ['远', 'yuan'], ['创', 'chuang'], ['科', 'ke'], ['泰', 'tai'],
  ['信', 'xin'], ['辉', 'hui'], ['源', 'yuan'], ['智', 'zhi'], ['能', 'neng'], ['航', 'hang'], ['诚', 'cheng'], ['和', 'he'],
  ['丰', 'feng'], ['锐', 'rui'], ['德', 'de'], ['盛', 'sheng'], ['康', 'kang'], ['越', 'yue'], ['拓', 'tuo'], ['联', 'lian'],
];

export interface Brand {
  name: string;
  pinyin: string;
}

export function brand(pick: <T>(items: readonly T[]) => T): Brand {
  for (;;) {
    const [headName, headPinyin] = pick(brandHeads);
    const [tailName, tailPinyin] = pick(brandTails);
    if (headName !== tailName) return { name: headName + tailName, pinyin: headPinyin + tailPinyin };
  }
}

/** What a company in each industry calls itself, between its brand and its legal form. */
export const industryWords: Record<Industry, readonly string[]> = {
  manufacturing: ['精密制造', '机械', '汽车零部件', '电子科技', '新材料', '模具', '智能装备', '电气', '化工', '纺织', '五金制品', '包装材料'],
  education: ['教育科技', '职业培训学校', '在线教育科技', '教育集团', '国际教育咨询', '文化教育发展'],
  retail: ['商贸', '连锁超市', '零售管理', '百货', '便利店连锁', '电子商务', '食品贸易'],
  healthcare: ['医疗器械', '生物医药', '健康管理', '医院管理', '药业', '医学诊断技术'],
  saas: ['软件', '信息技术', '网络科技', '云计算科技', '数据科技', '智能科技'],
  finance: ['融资租赁', '保险代理', '投资管理', '资产管理', '金融信息服务'],
  logistics: ['物流', '供应链管理', '国际货运代理', '仓储服务', '冷链物流'],
  energy: ['新能源', '光伏科技', '储能技术', '电力工程', '燃气'],
  construction: ['建设工程', '建筑设计院', '装饰工程', '建材', '市政工程'],
  government: ['数据资源局', '公共资源交易中心', '政务服务中心', '大数据中心', '经济技术开发区管委会', '科学技术局'],
  other: ['文化传媒', '餐饮管理', '企业管理咨询', '酒店管理', '人力资源服务'],
};

export const industryWeights: ReadonlyArray<readonly [Industry, number]> = [
  ['manufacturing', 24], ['education', 10], ['retail', 11], ['healthcare', 9], ['saas', 11], ['finance', 6],
  ['logistics', 8], ['energy', 6], ['construction', 7], ['government', 3], ['other', 5],
];

export interface City {
  code: string;
  name: string;
  areaCode: string;
  districts: readonly string[];
}

export interface GreaterRegion {
  code: string;
  name: string;
  cities: readonly City[];
}

export const regionTree: readonly GreaterRegion[] = [
  {
    code: 'east', name: '华东', cities: [
      { code: 'sh', name: '上海', areaCode: '021', districts: ['浦东新区', '闵行区', '徐汇区', '嘉定区', '松江区', '静安区'] },
      { code: 'hz', name: '杭州', areaCode: '0571', districts: ['西湖区', '滨江区', '余杭区', '萧山区', '拱墅区'] },
      { code: 'nj', name: '南京', areaCode: '025', districts: ['江宁区', '鼓楼区', '建邺区', '栖霞区', '浦口区'] },
      { code: 'sz', name: '苏州', areaCode: '0512', districts: ['工业园区', '吴中区', '相城区', '高新区', '昆山市'] },
    ],
  },
  {
    code: 'north', name: '华北', cities: [
      { code: 'bj', name: '北京', areaCode: '010', districts: ['海淀区', '朝阳区', '丰台区', '大兴区', '顺义区', '昌平区'] },
      { code: 'tj', name: '天津', areaCode: '022', districts: ['滨海新区', '西青区', '南开区', '东丽区', '武清区'] },
    ],
  },
  {
    code: 'south', name: '华南', cities: [
      { code: 'gz', name: '广州', areaCode: '020', districts: ['天河区', '黄埔区', '番禺区', '白云区', '海珠区'] },
      { code: 'sz', name: '深圳', areaCode: '0755', districts: ['南山区', '宝安区', '龙岗区', '福田区', '龙华区'] },
    ],
  },
  {
    code: 'sw', name: '西南', cities: [
      { code: 'cd', name: '成都', areaCode: '028', districts: ['高新区', '武侯区', '锦江区', '双流区', '郫都区'] },
      { code: 'cq', name: '重庆', areaCode: '023', districts: ['渝北区', '江北区', '九龙坡区', '两江新区', '沙坪坝区'] },
    ],
  },
];

/** Ten more cities for benchmark data, so it spreads over about twenty. */
export const moreCities: readonly City[] = [
  { code: 'wx', name: '无锡', areaCode: '0510', districts: ['新吴区', '滨湖区', '梁溪区'] },
  { code: 'nb', name: '宁波', areaCode: '0574', districts: ['鄞州区', '北仑区', '海曙区'] },
  { code: 'hf', name: '合肥', areaCode: '0551', districts: ['蜀山区', '包河区', '高新区'] },
  { code: 'jn', name: '济南', areaCode: '0531', districts: ['历下区', '槐荫区', '高新区'] },
  { code: 'qd', name: '青岛', areaCode: '0532', districts: ['黄岛区', '崂山区', '市南区'] },
  { code: 'wh', name: '武汉', areaCode: '027', districts: ['洪山区', '江汉区', '东湖高新区'] },
  { code: 'cs', name: '长沙', areaCode: '0731', districts: ['岳麓区', '雨花区', '开福区'] },
  { code: 'xa', name: '西安', areaCode: '029', districts: ['雁塔区', '未央区', '高新区'] },
  { code: 'fz', name: '福州', areaCode: '0591', districts: ['鼓楼区', '仓山区', '马尾区'] },
  { code: 'dg', name: '东莞', areaCode: '0769', districts: ['松山湖', '长安镇', '南城街道'] },
];

export const roads = [
  '科技路', '创业大道', '人民路', '中山路', '建设路', '解放路', '长江路', '滨江大道', '高新一路', '学府路', '工业大道',
  '金融街', '环城北路', '发展大道', '光华路',
] as const;

export const customerTags = ['重点客户', '续约', '老客户', '新客户', '招投标', '渠道客户', '战略合作', '价格敏感', '样板客户', '年底采购'] as const;
export const intentTags = ['预算已批', '急需', '比价中', '有竞品', '决策人已接触', '需要演示', '年内采购', '试用中', '老客户转介绍'] as const;

export const contactTitles: ReadonlyArray<readonly [string, boolean]> = [
  ['总经理', true], ['副总经理', true], ['采购总监', true], ['采购经理', false], ['IT总监', true], ['信息部经理', false],
  ['财务总监', true], ['生产副总', true], ['运营总监', false], ['行政主管', false], ['项目经理', false],
];
/** Titles only some industries have, and who decides there. */
export const industryTitles: Partial<Record<Industry, ReadonlyArray<readonly [string, boolean]>>> = {
  education: [['校长', true], ['教务主任', false]],
  healthcare: [['院长', true], ['设备科科长', false]],
  government: [['主任', true], ['科长', false]],
  manufacturing: [['厂长', true], ['车间主任', false]],
};

/** What customers of each industry ask about first (the talk tracks of A3 start from the same concerns). */
export const concerns: Record<Industry, readonly string[]> = {
  manufacturing: ['交付周期', '设备联网', '生产排程', '质量追溯', '车间看板'],
  education: ['可复制的成功案例', '招生转化', '教学管理', '家校沟通'],
  retail: ['门店数字化', '会员运营', '库存周转', '促销核算'],
  healthcare: ['数据合规', '院内系统对接', '耗材追溯', '设备维保'],
  saas: ['API 集成', '数据迁移', '订阅价格', '权限管理'],
  finance: ['风控合规', '数据安全', '私有化部署', '审计留痕'],
  logistics: ['运输时效', '仓储管理', '车辆调度', '对账效率'],
  energy: ['运维巡检', '项目回款', '现场作业管理'],
  construction: ['项目成本', '进度管控', '分包结算'],
  government: ['信创适配', '招标流程', '数据安全等级保护'],
  other: ['价格', '实施周期', '售后服务'],
};

export const departments = ['采购部', '信息部', '生产部', '财务部', '总经办', '运营部', '技术部'] as const;

export const nextSteps = [
  '下周三安排技术演示', '三天内发送报价单', '约采购总监下周面谈', '发送方案 PDF', '安排工程师现场调研', '等待客户内部评审',
  '客户要求提供同行业案例', '本周五前确认预算', '准备合同初稿', '邀请客户参观样板工厂',
] as const;

export const productMentions = ['MES 标准版', 'CRM 专业版', '实施服务', '工业网关', '数据分析套件', 'ERP 对接服务'] as const;
