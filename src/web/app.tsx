import { lazy, Suspense } from 'react';
import type { ReactNode } from 'react';
import { App as AntdApp, ConfigProvider } from 'antd';
import { BrowserRouter, Navigate, Outlet, Route, Routes, useLocation } from 'react-router';
import type { Permission } from '../shared/permissions';
import { antdLocaleOf, useLocale } from './i18n';
import { theme } from './theme';
import { SessionProvider, useCan, useSession } from './session/session';
import { AppLayout } from './layout/app-layout';
import { policyRead } from './layout/nav';
import { FullPageSpin, LoadFailed } from './components/status';
import { LoginPage } from './routes/login/login-page';
import { ForcedPasswordPage } from './routes/account/forced-password-page';
import { ForbiddenPage, NotFoundPage } from './routes/errors/error-pages';

// Screens load on first visit: the chart library stays out of the login page.
const HomePage = lazy(() => import('./routes/home/home-page'));
const OrgsPage = lazy(() => import('./routes/orgs/orgs-page'));
const UsersPage = lazy(() => import('./routes/users/users-page'));
const AuditPage = lazy(() => import('./routes/audit/audit-page'));
const PolicyPage = lazy(() => import('./routes/policy/policy-page'));
const AssessmentPage = lazy(() => import('./routes/assessment/assessment-page'));
const DictionariesPage = lazy(() => import('./routes/dictionaries/dictionaries-page'));
const AccountPage = lazy(() => import('./routes/account/account-page'));
const HouseholdEditPage = lazy(() => import('./routes/households/household-edit-page'));
const ApplicationWizardPage = lazy(() => import('./routes/households/application-wizard-page'));
const HouseholdsPage = lazy(() => import('./routes/households/households-page'));
const DuplicatesPage = lazy(() => import('./routes/duplicates/duplicates-page'));
const ImportsPage = lazy(() => import('./routes/imports/imports-page'));
const RegistryPage = lazy(() => import('./routes/registry/registry-page'));
const ExchangePage = lazy(() => import('./routes/exchange/exchange-page'));
const HouseholdPage = lazy(() => import('./routes/households/household-page'));
const HouseholdPrintPage = lazy(() => import('./routes/households/household-print-page'));
const InboxPage = lazy(() => import('./routes/cases/inbox-page'));
const NoticesPage = lazy(() => import('./routes/notices/notices-page'));
const NoticeBatchPage = lazy(() => import('./routes/notices/notice-batch-page'));
const NoticePrintPage = lazy(() => import('./routes/notices/notice-print-page'));
const CardLookupPage = lazy(() => import('./routes/cards/card-lookup-page'));
const WorkflowConfigPage = lazy(() => import('./routes/policy/workflow-config-page'));
const ExitsPage = lazy(() => import('./routes/exits/exits-page'));
const FollowUpPlanPage = lazy(() => import('./routes/exits/follow-up-plan-page'));
const RelapseWatchPage = lazy(() => import('./routes/exits/relapse-watch-page'));
const ExitPrintPage = lazy(() => import('./routes/exits/exit-print-page'));
const ReviewsPage = lazy(() => import('./routes/reviews/reviews-page'));
const TransfersPage = lazy(() => import('./routes/transfers/transfers-page'));
const ReportsPage = lazy(() => import('./routes/reports/reports-page'));
const ReviewRoundPage = lazy(() => import('./routes/reviews/review-round-page'));

export function Root() {
  const locale = useLocale();
  return (
    <ConfigProvider locale={antdLocaleOf(locale)} theme={theme}>
      <AntdApp>
        <SessionProvider>
          <BrowserRouter>
            <AppRoutes />
          </BrowserRouter>
        </SessionProvider>
      </AntdApp>
    </ConfigProvider>
  );
}

function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route element={<RequireSession />}>
        <Route element={<AppLayout />}>
          <Route index element={<Screen page={<HomePage />} />} />
          <Route
            path="inbox"
            element={<Screen permission="household.read" page={<InboxPage />} />}
          />
          <Route path="orgs" element={<Screen permission="org.read" page={<OrgsPage />} />} />
          <Route path="users" element={<Screen permission="user.read" page={<UsersPage />} />} />
          <Route
            path="households"
            element={<Screen permission="household.read" page={<HouseholdsPage />} />}
          />
          <Route
            path="households/duplicates"
            element={<Screen permission="household.read" page={<DuplicatesPage />} />}
          />
          <Route
            path="imports"
            element={<Screen permission="household.manage" page={<ImportsPage />} />}
          />
          <Route
            path="registry"
            element={<Screen permission="household.read" page={<RegistryPage />} />}
          />
          <Route
            path="exchange"
            element={<Screen permission="household.reveal" page={<ExchangePage />} />}
          />
          <Route
            path="transfers"
            element={<Screen permission="household.read" page={<TransfersPage />} />}
          />
          <Route
            path="reports"
            element={<Screen permission="household.read" page={<ReportsPage />} />}
          />
          <Route
            path="households/:id"
            element={<Screen permission="household.read" page={<HouseholdPage />} />}
          />
          <Route
            path="households/:id/print"
            element={<Screen permission="household.read" page={<HouseholdPrintPage />} />}
          />
          <Route
            path="households/:id/exits/:exitId/print"
            element={<Screen permission="household.read" page={<ExitPrintPage />} />}
          />
          <Route
            path="exits"
            element={<Screen permission="household.read" page={<ExitsPage />} />}
          />
          <Route
            path="follow-ups"
            element={<Screen permission="household.read" page={<FollowUpPlanPage />} />}
          />
          <Route
            path="relapse-watch"
            element={<Screen permission="household.read" page={<RelapseWatchPage />} />}
          />
          <Route
            path="households/new"
            element={<Screen permission="household.manage" page={<HouseholdEditPage />} />}
          />
          <Route
            path="households/:id/edit"
            element={<Screen permission="household.manage" page={<HouseholdEditPage />} />}
          />
          <Route
            path="households/:id/apply"
            element={<Screen permission="household.manage" page={<ApplicationWizardPage />} />}
          />
          <Route
            path="notices"
            element={<Screen permission="household.read" page={<NoticesPage />} />}
          />
          <Route
            path="notices/:id"
            element={<Screen permission="household.read" page={<NoticeBatchPage />} />}
          />
          <Route
            path="notices/:id/print"
            element={<Screen permission="household.read" page={<NoticePrintPage />} />}
          />
          <Route
            path="cards/lookup"
            element={<Screen permission="household.read" page={<CardLookupPage />} />}
          />
          <Route
            path="policy/workflow"
            element={<Screen permission={policyRead} page={<WorkflowConfigPage />} />}
          />
          <Route path="audit" element={<Screen permission="audit.read" page={<AuditPage />} />} />
          <Route
            path="policy/rates"
            element={<Screen permission={policyRead} page={<PolicyPage />} />}
          />
          <Route
            path="policy/assessment"
            element={<Screen permission={policyRead} page={<AssessmentPage />} />}
          />
          <Route
            path="dictionaries"
            element={<Screen permission={policyRead} page={<DictionariesPage />} />}
          />
          <Route
            path="reviews"
            element={<Screen permission="household.read" page={<ReviewsPage />} />}
          />
          <Route
            path="reviews/:id"
            element={<Screen permission="household.read" page={<ReviewRoundPage />} />}
          />
          <Route path="account" element={<Screen page={<AccountPage />} />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Route>
    </Routes>
  );
}

/**
 * The gate in front of every screen but the login: no session → login (coming
 * back here afterwards); a password that must change → only that form.
 */
function RequireSession() {
  const { state, reload } = useSession();
  const location = useLocation();
  if (state.status === 'loading') return <FullPageSpin />;
  if (state.status === 'failed') return <LoadFailed onRetry={() => void reload()} />;
  if (state.status === 'anonymous') {
    // After a deliberate sign-out the next person starts from the home page.
    const next = state.hasSignedOut ? '/' : location.pathname + location.search;
    return (
      <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />
    );
  }
  if (state.me.mustChangePassword) return <ForcedPasswordPage />;
  return <Outlet />;
}

function Screen({ page, permission }: { page: ReactNode; permission?: Permission }) {
  const can = useCan();
  if (permission && !can(permission)) return <ForbiddenPage />;
  return <Suspense fallback={<FullPageSpin inline />}>{page}</Suspense>;
}
