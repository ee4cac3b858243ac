import { useState } from 'preact/hooks';
import { describeSaveError } from './errors';

/** What a form says after it acted: that it went through, or why not. */
export interface SaveMessage {
  error: boolean;
  text: string;
}

interface Options {
  /** Why the action failed, in words for the person; by default a failed save to the device. */
  describe?: (err: unknown) => string;
  /** Hide the last message while the next attempt runs, so that the same error is announced again. */
  clearOnStart?: boolean;
}

const saveErrorText = (err: unknown) => describeSaveError(err).message;

/**
 * Runs a form's action (a save, a sign-in) and says how it went. A failure only sets the message:
 * the form's state, and so what was typed, stays as it was.
 */
export function useSaveMessage({ describe = saveErrorText, clearOnStart = false }: Options = {}) {
  const [message, setMessage] = useState<SaveMessage>();
  const [busy, setBusy] = useState(false);

  /** The action may return a refusal in words; `success` is said when it went through. */
  async function run(action: () => Promise<string | undefined | void>, success?: string): Promise<void> {
    setBusy(true);
    if (clearOnStart) setMessage(undefined);
    try {
      const refused = await action();
      if (refused) setMessage({ error: true, text: refused });
      else if (success) setMessage({ error: false, text: success });
    } catch (err) {
      setMessage({ error: true, text: describe(err) });
    } finally {
      setBusy(false);
    }
  }

  return {
    message,
    busy,
    run,
    /** Says a refusal found before saving (bad input), or a failure of something else. */
    fail: (text: string) => setMessage({ error: true, text }),
    /** Says that something done without a save went through (a download). */
    done: (text: string) => setMessage({ error: false, text }),
    clear: () => setMessage(undefined),
  };
}

/** The message, announced: an error at once, a success politely. */
export function SaveMessageLine({ message }: { message: SaveMessage | undefined }) {
  return message ? (
    <p class={message.error ? 'form-error' : 'muted'} role={message.error ? 'alert' : 'status'}>
      {message.text}
    </p>
  ) : null;
}
