import { parentLanguages, t } from '../i18n';
import type { LanguageChoice } from '../i18n/preference';

/**
 * One tap to another language, on every parent screen: each language is written in its own
 * words and script (and tagged with its `lang`, so a screen reader says it right), because the
 * person looking for it may not read the language the screen is in now. The easy-to-read
 * switch turns French into its FALC wording.
 */
export function LanguagePicker({ choice, onChange }: { choice: LanguageChoice; onChange: (c: LanguageChoice) => void }) {
  return (
    <div class="languages" role="group" aria-label={t('lang.label')}>
      <svg class="languages__icon" aria-hidden="true" viewBox="0 0 24 24" width="24" height="24" focusable="false">
        <circle cx="12" cy="12" r="9.5" fill="none" stroke="currentColor" stroke-width="1.8" />
        <path d="M2.5 12h19M12 2.5c3 3 3 16 0 19M12 2.5c-3 3-3 16 0 19" fill="none" stroke="currentColor" stroke-width="1.8" />
      </svg>
      <ul class="languages__list">
        {parentLanguages.map((l) => (
          <li key={l.code}>
            <button
              type="button"
              class="btn btn--small languages__button"
              lang={l.code}
              dir={l.dir}
              aria-pressed={choice.language === l.code && !choice.easyRead}
              onClick={() => onChange({ language: l.code, easyRead: false })}
            >
              {l.name}
            </button>
          </li>
        ))}
        <li>
          <button
            type="button"
            class="btn btn--small languages__button"
            aria-pressed={choice.easyRead}
            data-testid="easy-read"
            onClick={() => onChange({ language: 'fr', easyRead: !choice.easyRead })}
          >
            {t('lang.easyRead')}
          </button>
        </li>
      </ul>
    </div>
  );
}
