/** Who a person is in the company, and which records they may see. SPEC H1, E2. */
export const roles = ['rep', 'manager', 'ops', 'admin'] as const;
export type Role = (typeof roles)[number];

/**
 * How far a person's reading reaches:
 * - own: records they own;
 * - team: records owned within the teams they lead (and every team below them) plus their own;
 * - whitelist: records whose region and industry are both on their whitelist (E2), plus their own;
 * - all: every record of the organisation.
 */
export const dataScopes = ['own', 'team', 'whitelist', 'all'] as const;
export type DataScope = (typeof dataScopes)[number];

export const defaultScopeFor: Record<Role, DataScope> = { rep: 'own', manager: 'team', ops: 'all', admin: 'all' };

export const permissions = [
  'crm.read', // customers, contacts, leads, activities within scope
  'crm.write', // create and edit them within scope
  'crm.merge', // merge duplicate leads/customers
  'crm.import',
  'crm.export',
  'catalog.read', // products and price policies
  'catalog.write',
  'people.read', // users, teams, regions directory
  'people.manage', // create users, change roles and scopes, reset passwords
  'tokens.manage', // API tokens of the organisation
  'audit.read',
  'reports.read', // team boards and figures, counted within the caller's scope
  'steward.manage', // the lead steward's rules and the talk-track library
  'documents.write', // draft and submit contracts, place orders, plan shipments within scope
  'documents.approve', // decide contract approval steps of their role (and override failed checks where allowed)
  'payments.manage', // register, confirm, refund and void payment receipts (finance)
  'documents.manage', // the document flow's settings: prefixes, approval chain, rebate tiers, flash time
  'commissions.manage', // commission plans, assignments, quotas, credit splits, recalculations and period locks
] as const;
export type Permission = (typeof permissions)[number];

const everyone: Permission[] = ['crm.read', 'crm.write', 'catalog.read', 'people.read', 'crm.export', 'documents.write'];

export const rolePermissions: Record<Role, ReadonlySet<Permission>> = {
  rep: new Set(everyone),
  manager: new Set([...everyone, 'crm.merge', 'crm.import', 'reports.read', 'documents.approve']),
  ops: new Set([...everyone, 'crm.merge', 'crm.import', 'catalog.write', 'audit.read', 'reports.read', 'documents.approve', 'payments.manage', 'commissions.manage']),
  admin: new Set(permissions),
};

export function roleAllows(role: Role, permission: Permission): boolean {
  return rolePermissions[role].has(permission);
}
