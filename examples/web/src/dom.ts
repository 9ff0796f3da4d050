import type { DocumentEventsSubscription } from '@ukp/client/documents';

export function element(id: string): HTMLElement {
  const found = document.getElementById(id);
  if (!found) throw new Error(`index.html has no #${id}`);
  return found;
}

/** Runs `submit` with the form's fields; a failure goes to `fail` instead of the console. */
export function form(
  id: string,
  submit: (fields: Map<string, string>) => Promise<void>,
  fail: (error: unknown) => void,
): void {
  const target = element(id) as HTMLFormElement;
  target.addEventListener('submit', (event) => {
    event.preventDefault();
    element('error').textContent = '';
    const fields = new Map<string, string>();
    for (const [name, value] of new FormData(target)) fields.set(name, String(value));
    submit(fields).catch(fail);
  });
}

export function describeEvent(event: DocumentEventsSubscription['documentEvents']): string {
  const at = new Date().toLocaleTimeString();
  switch (event.__typename) {
    case 'DocumentEdited':
      return `${at} ${event.actor.displayName} is editing`;
    case 'PresenceChanged':
      return `${at} here now: ${event.participants.map((p) => p.displayName).join(', ') || 'nobody'}`;
    case 'DocumentSaved':
      return `${at} saved as version ${event.document.version}`;
  }
}
