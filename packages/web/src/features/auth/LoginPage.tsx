/** Sign in with email or phone. Works at phone and desk width; says why when a session has ended. */
import { useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
// antd-mobile per component (not its index), so the build can bundle exactly what this screen uses with it
// (build/chunk-groups.ts); the index brought the library's global styles, imported here instead.
import 'antd-mobile/es/global';
import Button from 'antd-mobile/es/components/button';
import Form from 'antd-mobile/es/components/form';
import Input from 'antd-mobile/es/components/input';
import NoticeBar from 'antd-mobile/es/components/notice-bar';
import Selector from 'antd-mobile/es/components/selector';
import { useSession } from '../../api/session';
import { changeLanguage, languages, type Language } from '../../i18n';
import { errorText } from '../../lib/errors';
import { isPhoneScreen } from '../../lib/device';
import './login.css';

export default function LoginPage() {
  const { t, i18n } = useTranslation();
  const { session, expired, signIn } = useSession();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const next = params.get('next');
  const target = next && next.startsWith('/') && !next.startsWith('//') ? next : isPhoneScreen() ? '/m' : '/';

  if (session && !busy) return <Navigate to={target} replace />;

  const submit = async (values: { login: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      await signIn(values.login.trim(), values.password);
      navigate(target, { replace: true });
    } catch (cause) {
      setError(errorText(cause, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="login">
      <div className="login-card">
        <h1 className="login-title">{t('auth.title')}</h1>
        <p className="login-tagline">{t('app.tagline')}</p>
        {expired && <NoticeBar content={t('auth.expired')} color="alert" wrap />}
        {error && <NoticeBar content={error} color="error" wrap data-testid="login-error" />}
        <Form
          layout="vertical"
          onFinish={submit}
          footer={<Button block type="submit" color="primary" size="large" loading={busy} data-testid="sign-in">{t('auth.signIn')}</Button>}
        >
          <Form.Item name="login" label={t('auth.login')} rules={[{ required: true, message: t('auth.loginRequired') }]}>
            <Input autoComplete="username" clearable data-testid="login" />
          </Form.Item>
          <Form.Item name="password" label={t('auth.password')} rules={[{ required: true, message: t('auth.passwordRequired') }]}>
            <Input type="password" autoComplete="current-password" data-testid="password" />
          </Form.Item>
        </Form>
        <p className="login-hint">{t('auth.demoHint')}</p>
        <Selector
          className="login-language"
          columns={2}
          value={[i18n.language]}
          options={languages.map((lang) => ({ label: lang === 'en' ? 'English' : '简体中文', value: lang }))}
          onChange={(value) => value[0] && changeLanguage(value[0] as Language)}
        />
      </div>
    </div>
  );
}
