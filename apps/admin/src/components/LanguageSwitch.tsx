import { useTranslation } from 'react-i18next';

/** Switches between German (default) and English; the button names the other language in that language. */
export function LanguageSwitch() {
  const { i18n } = useTranslation();
  const other = i18n.language === 'en' ? 'de' : 'en';
  return (
    <button
      type="button"
      lang={other}
      className="lang-switch"
      onClick={() => void i18n.changeLanguage(other)}
    >
      {other === 'en' ? 'English' : 'Deutsch'}
    </button>
  );
}
