// keyhold mark-compromised NAME: flag a leaked key and say what to do next.
import { statusCommand } from './set-status.ts';
import { shellQuote } from '../quote.ts';
import { terminalSafe as safe } from '../../../shared/text.ts';

export const markCompromisedCommand = statusCommand({
  name: 'mark-compromised',
  summary: 'Flag a credential as leaked and print the incident checklist',
  status: 'compromised',
  done: (m) => `Marked ${safe(m.name)} as compromised. Next:
  1. revoke it at the provider${m.service ? ` (${safe(m.service)})` : ''};
  2. put a new key in place: keyhold rotate ${shellQuote(m.name)} --generate --reason "compromised";
  3. review who used it: keyhold audit --credential ${shellQuote(m.name)};
  4. tell whoever received it in a share bundle.`,
});
