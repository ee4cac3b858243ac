import { useState } from 'preact/hooks';
import { t } from '../i18n';

/** Copies a text (a link) to the clipboard and says so; where the clipboard is refused, says nothing. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  }
  return (
    <>
      <button type="button" class="btn btn--small" onClick={() => void copy()}>
        {label}
      </button>
      {copied ? (
        <span role="status" class="muted">
          {' '}
          {t('request.link.copied')}
        </span>
      ) : null}
    </>
  );
}
