import { useRouteError } from 'react-router';
import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../components/ui';

/**
 * Last line of defence: a page crashed (a bug, or a newly loaded chunk missing after an update). Say so plainly
 * and offer the two things that help: reload, or go back to the start page.
 */
export function RouteError() {
  const error = useRouteError();
  const { t } = useTranslation();
  usePageTitle(t('crash.title'));
  const detail = error instanceof Error ? error.message : String(error);
  return (
    <main id="main" className="crash">
      <h1>{t('crash.title')}</h1>
      <p>{t('crash.text')}</p>
      <p>
        <button type="button" className="primary" onClick={() => window.location.reload()}>
          {t('crash.reload')}
        </button>{' '}
        <a className="button" href="/live">
          {t('crash.home')}
        </a>
      </p>
      <details>
        <summary>{t('crash.details')}</summary>
        <pre className="mono">{detail}</pre>
      </details>
    </main>
  );
}
