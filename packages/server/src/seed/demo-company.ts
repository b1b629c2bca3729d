/**
 * Who works at the demo company 示例科技有限公司 and how it is organised: four 大区 with their groups, a
 * regional head over each 大区, group leads, reps, ops/finance and admins. Logins are memorable on purpose.
 */
import type { DataScope, Role } from '@closeloop/core';

export const demoOrgId = 'org_demo';
export const demoOrgName = '示例科技有限公司';
export const demoEmailDomain = 'demo.closeloop.cn';
/** Every demo account shares this published password; the banner says so and warns against exposing it. */
export const demoPassword = 'closeloop-demo';

export interface DemoTeam {
  id: string;
  name: string;
  parentId: string | null;
  regionId: string;
  /** The city regions whose customers the team works. */
  cityRegionIds: readonly string[];
}

export const demoTeams: readonly DemoTeam[] = [
  { id: 'team_east', name: '华东大区', parentId: null, regionId: 'reg_east', cityRegionIds: ['reg_east_sh', 'reg_east_hz', 'reg_east_nj', 'reg_east_sz'] },
  { id: 'team_sh_1', name: '上海一组', parentId: 'team_east', regionId: 'reg_east_sh', cityRegionIds: ['reg_east_sh'] },
  { id: 'team_sh_2', name: '上海二组', parentId: 'team_east', regionId: 'reg_east_sh', cityRegionIds: ['reg_east_sh'] },
  { id: 'team_hz', name: '杭州组', parentId: 'team_east', regionId: 'reg_east_hz', cityRegionIds: ['reg_east_hz'] },
  { id: 'team_sunan', name: '苏南组', parentId: 'team_east', regionId: 'reg_east', cityRegionIds: ['reg_east_nj', 'reg_east_sz'] },
  { id: 'team_north', name: '华北大区', parentId: null, regionId: 'reg_north', cityRegionIds: ['reg_north_bj', 'reg_north_tj'] },
  { id: 'team_bj', name: '北京组', parentId: 'team_north', regionId: 'reg_north_bj', cityRegionIds: ['reg_north_bj'] },
  { id: 'team_tj', name: '天津组', parentId: 'team_north', regionId: 'reg_north_tj', cityRegionIds: ['reg_north_tj'] },
  { id: 'team_south', name: '华南大区', parentId: null, regionId: 'reg_south', cityRegionIds: ['reg_south_gz', 'reg_south_sz'] },
  { id: 'team_gz', name: '广州组', parentId: 'team_south', regionId: 'reg_south_gz', cityRegionIds: ['reg_south_gz'] },
  { id: 'team_shenzhen', name: '深圳组', parentId: 'team_south', regionId: 'reg_south_sz', cityRegionIds: ['reg_south_sz'] },
  { id: 'team_sw', name: '西南大区', parentId: null, regionId: 'reg_sw', cityRegionIds: ['reg_sw_cd', 'reg_sw_cq'] },
  { id: 'team_chengyu', name: '成渝组', parentId: 'team_sw', regionId: 'reg_sw', cityRegionIds: ['reg_sw_cd', 'reg_sw_cq'] },
];

export interface DemoPerson {
  login: string; // the part of the e-mail before @
  name: string;
  role: Role;
  title: string;
  teamId: string | null;
  /** Teams this person leads (teams.leader_id). */
  leads?: readonly string[];
  phone?: string;
  scope?: DataScope;
  whitelist?: { regionIds: string[]; industries: string[] };
  /** Shown in the start-up banner. */
  featured?: boolean;
}

const rep = (n: number, name: string, teamId: string, phone?: string): DemoPerson => ({
  login: `rep${n}`, name, role: 'rep', title: '销售代表', teamId, ...(phone ? { phone } : {}), ...(n === 1 ? { featured: true } : {}),
});

export const demoStaff: readonly DemoPerson[] = [
  { login: 'admin', name: '周敏', role: 'admin', title: '系统管理员', teamId: null, featured: true },
  { login: 'it', name: '李强', role: 'admin', title: 'IT 管理员', teamId: null },
  { login: 'ops', name: '刘芳', role: 'ops', title: '财务经理', teamId: null, featured: true },
  { login: 'ops.contracts', name: '陈静', role: 'ops', title: '合同管理专员', teamId: null },
  { login: 'ops.payroll', name: '赵磊', role: 'ops', title: '薪酬核算专员', teamId: null },
  { login: 'manager.east', name: '王建国', role: 'manager', title: '华东大区总监', teamId: 'team_east', leads: ['team_east'], featured: true },
  { login: 'manager.sh1', name: '孙丽华', role: 'manager', title: '上海一组组长', teamId: 'team_sh_1', leads: ['team_sh_1'], featured: true },
  { login: 'manager.sh2', name: '黄志强', role: 'manager', title: '上海二组组长', teamId: 'team_sh_2', leads: ['team_sh_2'] },
  { login: 'manager.hz', name: '吴晓燕', role: 'manager', title: '杭州组组长', teamId: 'team_hz', leads: ['team_hz'] },
  { login: 'manager.north', name: '郑海涛', role: 'manager', title: '华北大区总监', teamId: 'team_north', leads: ['team_north'] },
  { login: 'manager.south', name: '林振华', role: 'manager', title: '华南大区总监', teamId: 'team_south', leads: ['team_south'] },
  { login: 'manager.sw', name: '何永强', role: 'manager', title: '西南大区总监', teamId: 'team_sw', leads: ['team_sw'] },
  rep(1, '张伟', 'team_sh_1', '13800000001'),
  rep(2, '王芳', 'team_sh_1', '13800000002'),
  rep(3, '李娜', 'team_sh_1', '13800000003'),
  rep(4, '刘洋', 'team_sh_2', '13800000004'),
  rep(5, '陈杰', 'team_sh_2', '13800000005'),
  rep(6, '杨婷婷', 'team_sh_2'),
  rep(7, '赵俊杰', 'team_hz', '13800000007'),
  rep(8, '黄欣怡', 'team_hz'),
  rep(9, '周浩然', 'team_hz'),
  rep(10, '徐思远', 'team_sunan', '13800000010'),
  rep(11, '孙嘉怡', 'team_sunan'),
  {
    login: 'rep.whitelist', name: '马文博', role: 'rep', title: '制造业大客户代表', teamId: 'team_sunan', phone: '13800000022',
    scope: 'whitelist', whitelist: { regionIds: ['reg_east'], industries: ['manufacturing'] }, featured: true,
  },
  rep(12, '朱宇轩', 'team_bj', '13800000012'),
  rep(13, '胡雨萱', 'team_bj'),
  rep(14, '郭子涵', 'team_bj'),
  rep(15, '高立新', 'team_tj'),
  rep(16, '罗春梅', 'team_gz', '13800000016'),
  rep(17, '梁国庆', 'team_gz'),
  rep(18, '谢佳琪', 'team_shenzhen'),
  rep(19, '宋子轩', 'team_shenzhen'),
  rep(20, '唐建军', 'team_chengyu', '13800000020'),
  rep(21, '许文静', 'team_chengyu'),
];

export const demoEmail = (person: Pick<DemoPerson, 'login'>): string => `${person.login}@${demoEmailDomain}`;
