import { useState } from 'preact/hooks';
import { SURVEY_SCALE_MAX } from '../../domain/entities/survey-response';
import { createRecord } from '../db/repository';
import { t, type MessageKey } from '../i18n';
import { useServices, useSession } from '../services';
import { FormEnd } from '../ui/FormEnd';
import { describeSaveError } from '../ui/errors';

type Found = 'yes' | 'partly' | 'no';
type Return = 'yes' | 'maybe' | 'no';

/** Mouth of each face, from 1 (pas content du tout) to 4 (très content): a curve down to a smile. */
const mouths = ['M16 34 Q24 26 32 34', 'M16 32 Q24 29 32 32', 'M16 30 Q24 34 32 30', 'M14 28 Q24 40 34 28'];

function Face({ level }: { level: number }) {
  return (
    <svg class="face" viewBox="0 0 48 48" width="56" height="56" aria-hidden="true" focusable="false">
      <circle cx="24" cy="24" r="21" class={`face__head face__head--${level}`} />
      <circle cx="17" cy="19" r="2.6" class="face__eye" />
      <circle cx="31" cy="19" r="2.6" class="face__eye" />
      <path d={mouths[level - 1]} class="face__mouth" />
    </svg>
  );
}

/**
 * Three short questions a parent answers on the tablet handed to them after a session. Each
 * answer is its own append-only record; nothing names the person. After sending, the screen
 * thanks them and is ready for the next person.
 */
export function SurveyPanel({ sessionId, title, onClose }: { sessionId: string; title: string; onClose: () => void }) {
  const { db } = useServices();
  const { territoryId } = useSession();
  const [found, setFound] = useState<Found>();
  const [wouldReturn, setWouldReturn] = useState<Return>();
  const [overall, setOverall] = useState<number>();
  const [error, setError] = useState<string>();
  const [thanks, setThanks] = useState(false);
  const [count, setCount] = useState(0);

  async function send(e: Event) {
    e.preventDefault();
    if (overall === undefined) return setError(t('log.survey.needFace'));
    try {
      await createRecord(db, 'surveyResponse', territoryId, {
        sessionId,
        overall,
        ...(found ? { found } : {}),
        ...(wouldReturn ? { wouldReturn } : {}),
        answeredAt: new Date().toISOString(),
        channel: 'tablet',
      });
      setCount((n) => n + 1);
      setThanks(true);
      setError(undefined);
    } catch (err) {
      setError(describeSaveError(err).message);
    }
  }

  function next() {
    setFound(undefined);
    setWouldReturn(undefined);
    setOverall(undefined);
    setThanks(false);
  }

  if (thanks) {
    return (
      <section class="survey" aria-labelledby="survey-thanks">
        <h1 id="survey-thanks" tabIndex={-1} ref={(el) => el?.focus()}>
          {t('log.survey.thanks')}
        </h1>
        <p>{t('log.survey.thanksText')}</p>
        <div class="form__actions">
          <button type="button" class="btn btn--primary survey__big" onClick={next}>
            {t('log.survey.next')}
          </button>
          <button type="button" class="btn survey__big" onClick={onClose}>
            {t('log.survey.done', { count })}
          </button>
        </div>
      </section>
    );
  }

  return (
    <section class="survey" aria-labelledby="survey-title">
      <h1 id="survey-title">{t('log.survey.title')}</h1>
      <p class="survey__intro">{t('log.survey.intro')}</p>
      <p class="muted">{title}</p>
      <form onSubmit={(e) => void send(e)} noValidate>
        <Choice<Found> name="found" legend={t('log.survey.found')} options={['yes', 'partly', 'no']} value={found} onChange={setFound} label={(v) => t(`log.survey.found.${v}` as MessageKey)} />
        <Choice<Return> name="return" legend={t('log.survey.return')} options={['yes', 'maybe', 'no']} value={wouldReturn} onChange={setWouldReturn} label={(v) => t(`log.survey.return.${v}` as MessageKey)} />
        <fieldset class="survey__q">
          <legend>{t('log.survey.overall')}</legend>
          <div class="survey__faces">
            {Array.from({ length: SURVEY_SCALE_MAX }, (_, i) => i + 1).map((level) => (
              <label key={level} class={overall === level ? 'survey__option survey__option--face is-on' : 'survey__option survey__option--face'}>
                <input type="radio" name="overall" value={level} checked={overall === level} onChange={() => setOverall(level)} />
                <Face level={level} />
                <span>{t(`log.survey.face.${level}` as MessageKey)}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <FormEnd error={error}>
          <button type="submit" class="btn btn--primary survey__big">
            {t('log.survey.send')}
          </button>
          <button type="button" class="btn survey__big" onClick={onClose}>
            {t('log.survey.back')}
          </button>
        </FormEnd>
      </form>
    </section>
  );
}

function Choice<V extends string>({ name, legend, options, value, onChange, label }: { name: string; legend: string; options: V[]; value: V | undefined; onChange: (v: V) => void; label: (v: V) => string }) {
  return (
    <fieldset class="survey__q">
      <legend>{legend}</legend>
      <div class="survey__options">
        {options.map((o) => (
          <label key={o} class={value === o ? 'survey__option is-on' : 'survey__option'}>
            <input type="radio" name={name} value={o} checked={value === o} onChange={() => onChange(o)} />
            <span>{label(o)}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
