/**
 * Every page of the app. Desktop pages live under the desk layout (antd); phone pages under /m (antd-mobile), so a
 * phone never downloads the desktop component library. `handle.roles` limits a page to some roles (the layout then
 * shows "not allowed" instead of a page of 403s); the server enforces the same on every request.
 */
import { createBrowserRouter, Outlet, type RouteObject } from 'react-router';
import type { Role } from '@closeloop/core';
import { isPhoneScreen } from '../lib/device';
import { RequireSession, StartPage } from './guards';

export interface RouteHandle {
  roles?: readonly Role[];
}

const loadPhoneLayout = () => import('../layouts/PhoneLayout');
const loadDesktopLayout = () => import('../layouts/DesktopLayout');
// The layout is only rendered once the session is known; fetching its code meanwhile saves a round trip on first load.
// The start page (/) sends a phone to /m and a desk onward, so the screen decides there.
const firstPath = window.location.pathname;
const firstOnPhone = firstPath === '/m' || firstPath.startsWith('/m/') || (firstPath === '/' && isPhoneScreen());
if (firstOnPhone) void loadPhoneLayout();
else if (firstPath !== '/login') void loadDesktopLayout();
type Module = { default: React.ComponentType };
const page = (load: () => Promise<Module>) => async () => ({ Component: (await load()).default });
const managers: readonly Role[] = ['manager', 'ops', 'admin'];
const admins: readonly Role[] = ['admin'];
const importers: readonly Role[] = ['manager', 'ops', 'admin'];
// The roles holding commissions.manage (core access/roles.ts).
const commissionManagers: readonly Role[] = ['ops', 'admin'];

const desktop: RouteObject[] = [
  { path: 'dashboard', lazy: page(() => import('../features/dashboard/DashboardPage')), handle: { roles: managers } },
  { path: 'lead-health', lazy: page(() => import('../features/lead-health/LeadHealthPage')) },
  { path: 'lead-health/me', lazy: page(() => import('../features/lead-health/MyReportPage')) },
  { path: 'leads', lazy: page(() => import('../features/leads/LeadListPage')) },
  { path: 'leads/:id', lazy: page(() => import('../features/leads/LeadPage')) },
  { path: 'silent-leads', lazy: page(() => import('../features/silence/SilentLeadsPage')) },
  { path: 'customers', lazy: page(() => import('../features/customers/CustomerListPage')) },
  { path: 'customers/:id', lazy: page(() => import('../features/customers/CustomerPage')) },
  { path: 'contacts', lazy: page(() => import('../features/contacts/ContactListPage')) },
  { path: 'activities', lazy: page(() => import('../features/activities/ActivityListPage')) },
  { path: 'inbox', lazy: page(() => import('../features/inbox/InboxPage')) },
  { path: 'contracts', lazy: page(() => import('../features/contracts/ContractListPage')) },
  { path: 'contracts/new', lazy: page(() => import('../features/contracts/ContractEditorPage')) },
  { path: 'contracts/:id', lazy: page(() => import('../features/contracts/ContractPage')) },
  { path: 'contracts/:id/edit', lazy: page(() => import('../features/contracts/ContractEditorPage')) },
  { path: 'approvals', lazy: page(() => import('../features/contracts/ApprovalsPage')), handle: { roles: managers } },
  { path: 'receipts', lazy: page(() => import('../features/receipts/ReceiptListPage')), handle: { roles: managers } },
  { path: 'figures', lazy: page(() => import('../features/dashboard/SalesFiguresPage')), handle: { roles: managers } },
  { path: 'flash', lazy: page(() => import('../features/flash/FlashReportPage')), handle: { roles: managers } },
  { path: 'flash/:day', lazy: page(() => import('../features/flash/FlashReportPage')), handle: { roles: managers } },
  { path: 'trace/:code', lazy: page(() => import('../features/contracts/TracePage')) },
  { path: 'commissions/statement', lazy: page(() => import('../features/commissions/StatementPage')) },
  { path: 'commissions/try', lazy: page(() => import('../features/commissions/TryPlanPage')) },
  { path: 'commissions/plans', lazy: page(() => import('../features/commissions/PlansPage')), handle: { roles: commissionManagers } },
  { path: 'commissions/periods', lazy: page(() => import('../features/commissions/PeriodsPage')), handle: { roles: commissionManagers } },
  { path: 'imports', lazy: page(() => import('../features/imports/ImportPage')), handle: { roles: importers } },
  { path: 'settings/notifications', lazy: page(() => import('../features/inbox/PreferencesPage')) },
  { path: 'admin/users', lazy: page(() => import('../features/admin/UsersPage')), handle: { roles: admins } },
  { path: 'admin/teams', lazy: page(() => import('../features/admin/TeamsPage')), handle: { roles: admins } },
  { path: 'admin/regions', lazy: page(() => import('../features/admin/RegionsPage')), handle: { roles: admins } },
  { path: 'admin/settings', lazy: page(() => import('../features/admin/SettingsPage')), handle: { roles: admins } },
  { path: 'admin/steward', lazy: page(() => import('../features/admin/StewardSettingsPage')), handle: { roles: admins } },
  { path: 'admin/documents', lazy: page(() => import('../features/document-settings/DocumentSettingsPage')), handle: { roles: admins } },
  { path: 'admin/talk-tracks', lazy: page(() => import('../features/talk-tracks/TalkTracksPage')), handle: { roles: admins } },
  { path: 'admin/robots', lazy: page(() => import('../features/admin/RobotsPage')), handle: { roles: admins } },
  { path: 'admin/webhooks', lazy: page(() => import('../features/admin/WebhooksPage')), handle: { roles: admins } },
  { path: 'admin/dead-letters', lazy: page(() => import('../features/admin/DeadLettersPage')), handle: { roles: admins } },
  { path: 'admin/audit', lazy: page(() => import('../features/admin/AuditPage')), handle: { roles: ['ops', 'admin'] } },
];

const phone: RouteObject[] = [
  { index: true, lazy: page(() => import('../features/phone/PhoneHome')) },
  { path: 'leads', lazy: page(() => import('../features/phone/PhoneLeads')) },
  { path: 'leads/new', lazy: page(() => import('../features/phone/PhoneLeadNew')) },
  { path: 'leads/:id', lazy: page(() => import('../features/phone/PhoneLead')) },
  { path: 'leads/:id/screening', lazy: page(() => import('../features/screening/PhoneScreening')) },
  { path: 'silent-leads', lazy: page(() => import('../features/silence/PhoneSilentLeads')) },
  { path: 'customers', lazy: page(() => import('../features/phone/PhoneCustomers')) },
  { path: 'customers/:id', lazy: page(() => import('../features/phone/PhoneCustomer')) },
  { path: 'log', lazy: page(() => import('../features/phone/PhoneLogActivity')) },
  { path: 'inbox', lazy: page(() => import('../features/phone/PhoneInbox')) },
  { path: 'me', lazy: page(() => import('../features/phone/PhoneMe')) },
  { path: 'lead-health/me', lazy: page(() => import('../features/lead-health/PhoneMyReport')) },
  { path: 'contracts', lazy: page(() => import('../features/contracts/PhoneContracts')) },
  { path: 'contracts/:id', lazy: page(() => import('../features/contracts/PhoneContractLife')) },
  { path: 'commissions', lazy: page(() => import('../features/commissions/PhoneStatement')) },
];

export const router = createBrowserRouter([
  { path: '/login', lazy: page(() => import('../features/auth/LoginPage')) },
  { path: '/', element: <StartPage />, handle: {} },
  // Each layout is a lazy route of its own, loaded by the router together with the page, not a React.lazy component
  // under a Suspense fallback: once a fallback has shown, React holds back the content that replaces it until 300 ms
  // after the fallback appeared (it throttles reveals): the first load of /m waited up to that long for nothing.
  {
    path: '/m',
    element: <RequireSession><Outlet /></RequireSession>,
    children: [{ lazy: page(loadPhoneLayout), children: phone }],
  },
  {
    path: '/',
    element: <RequireSession><Outlet /></RequireSession>,
    children: [{ lazy: page(loadDesktopLayout), children: [...desktop, { path: '*', lazy: page(() => import('../features/errors/NotFoundPage')) }] }],
  },
]);

