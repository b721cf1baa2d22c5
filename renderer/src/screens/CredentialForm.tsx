// Create / edit a credential. Fields are checked with the shared schemas as you submit; each
// message sits next to its field. New credentials get their value typed or generated (in main).
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { ENVIRONMENTS, KEY_TYPES, credentialFieldsSchema, type CredentialFields, type CredentialMeta, type Environment, type KeyType } from '../../../shared/model.ts';
import { call, errorMessage, isClientError } from '../client.ts';
import { Dialog } from '../components/Dialog.tsx';
import { DEFAULT_VALUE_DRAFT, ValueSourceFields, draftOptionsOf, isDraftError, valueErrorOf, valueSourceOf, type ValueDraft } from '../components/ValueSource.tsx';
import { useGeneratedValue } from '../lib/generated-value.ts';
import { fromDateInput, toDateInput } from '../lib/time.ts';
import { useCredentials } from '../stores/credentials.ts';
import { useSelection } from '../stores/selection.ts';
import { useUi } from '../stores/ui.ts';

interface Draft {
  name: string;
  service: string;
  environment: Environment;
  keyType: KeyType;
  tags: string;
  scopes: string;
  allowedIps: string;
  allowedDomains: string;
  expires: string;
  rotationDays: string;
  notes: string;
}

type Errors = Partial<Record<keyof Draft | 'value' | 'form', string>>;

const splitList = (s: string) => [...new Set(s.split(/[,\n]/).map((x) => x.trim()).filter(Boolean))];

function draftOf(meta: CredentialMeta | undefined, defaults: Partial<Draft>): Draft {
  if (!meta) {
    return { name: '', service: '', environment: 'dev', keyType: 'private', tags: '', scopes: '', allowedIps: '', allowedDomains: '', expires: '', rotationDays: '90', notes: '', ...defaults };
  }
  return {
    name: meta.name, service: meta.service, environment: meta.environment, keyType: meta.keyType,
    tags: meta.tags.join(', '), scopes: meta.scopes.join(', '), allowedIps: meta.allowedIps.join(', '),
    allowedDomains: meta.allowedDomains.join(', '), expires: toDateInput(meta.expiresAt),
    rotationDays: meta.rotationIntervalDays === null ? '' : String(meta.rotationIntervalDays), notes: meta.notes,
  };
}

const FIELD_OF: Record<string, keyof Draft> = {
  name: 'name', service: 'service', environment: 'environment', keyType: 'keyType', tags: 'tags', scopes: 'scopes',
  allowedIps: 'allowedIps', allowedDomains: 'allowedDomains', expiresAt: 'expires', rotationIntervalDays: 'rotationDays', notes: 'notes',
};

function toFields(d: Draft): { fields: CredentialFields } | { errors: Errors } {
  const errors: Errors = {};
  let rotation: number | null = null;
  if (d.rotationDays.trim()) {
    rotation = Number(d.rotationDays);
    if (!Number.isInteger(rotation) || rotation < 1 || rotation > 3650) errors.rotationDays = 'Use a whole number of days from 1 to 3650, or leave it empty.';
  }
  const candidate = {
    name: d.name.trim(), service: d.service.trim(), environment: d.environment, keyType: d.keyType,
    tags: splitList(d.tags), scopes: splitList(d.scopes), allowedIps: splitList(d.allowedIps), allowedDomains: splitList(d.allowedDomains),
    expiresAt: fromDateInput(d.expires), rotationIntervalDays: rotation, notes: d.notes,
  };
  const r = credentialFieldsSchema.safeParse(candidate);
  if (!r.success) {
    for (const issue of r.error.issues) {
      const key = FIELD_OF[String(issue.path[0])] ?? 'form';
      if (!errors[key]) errors[key] = key === 'name' && candidate.name === '' ? 'Give the credential a name, e.g. stripe/prod.' : issue.message;
    }
  }
  if (Object.keys(errors).length > 0 || !r.success) return { errors };
  return { fields: r.data };
}

export function CredentialForm({ editId }: { editId?: string }) {
  const meta = useCredentials((s) => (editId ? s.items.find((c) => c.id === editId) : undefined));
  const filters = useCredentials((s) => s.filters);
  const upsert = useCredentials((s) => s.upsert);
  const select = useSelection((s) => s.select);
  const closeDialog = useUi((s) => s.closeDialog);
  const toast = useUi((s) => s.toast);
  const isEdit = editId !== undefined;
  // A new credential starts in the environment / tag the user is looking at.
  const [draft, setDraft] = useState<Draft>(() => draftOf(meta, {
    ...(filters.environment ? { environment: filters.environment } : {}),
    ...(filters.tag ? { tags: filters.tag } : {}),
  }));
  const [value, setValue] = useState<ValueDraft>(DEFAULT_VALUE_DRAFT);
  // Editing never touches the value: no draft is made then.
  const generated = useGeneratedValue(isEdit ? null : draftOptionsOf(value));
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  const id = useId();

  // After a refused submit, the first marked field takes focus and scrolls into view (the sticky
  // header and action bar would otherwise hide it).
  useEffect(() => {
    if (attempt === 0) return;
    const first = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (!first) return;
    first.focus();
    first.scrollIntoView({ block: 'center' });
  }, [attempt]);

  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setDraft((d) => ({ ...d, [k]: v }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const parsed = toFields(draft);
    const errs: Errors = 'errors' in parsed ? { ...parsed.errors } : {};
    if (!isEdit) {
      const invalid = valueErrorOf(value);
      if (invalid) errs.value = invalid;
    }
    if (Object.keys(errs).length > 0 || 'errors' in parsed) {
      setErrors(errs);
      setAttempt((n) => n + 1);
      return;
    }
    setErrors({});
    setBusy(true);
    let source;
    if (!isEdit) {
      // A generated value: the draft made in main for these options (waits for it if still coming).
      const v = await valueSourceOf(value, generated);
      if ('error' in v) {
        setBusy(false);
        setErrors({ value: v.error });
        setAttempt((n) => n + 1);
        return;
      }
      source = v.source;
    }
    try {
      const saved = isEdit
        ? await call('credentials.edit', { id: editId, patch: parsed.fields })
        : await call('credentials.create', { fields: parsed.fields, value: source! });
      upsert(saved);
      select(saved.id);
      closeDialog();
      toast(isEdit ? `Saved ${saved.name}.` : `Added ${saved.name}.`);
    } catch (err) {
      setBusy(false);
      if (isClientError(err, 'ALREADY_EXISTS')) {
        setErrors({ name: `A credential named ${draft.name.trim()} already exists. Pick another name.` });
        setAttempt((n) => n + 1);
      } else if (isDraftError(err)) {
        setErrors({ value: errorMessage(err) });
        setAttempt((n) => n + 1);
      } else setErrors({ form: errorMessage(err) });
    }
  }

  const field = (key: keyof Draft, label: string, input: ReactNode, hint?: string) => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      {input}
      {hint && !errors[key] && <p className="hint" id={`${id}-${key}-hint`}>{hint}</p>}
      {errors[key] && <p className="field-error" id={`${id}-${key}-err`}>{errors[key]}</p>}
    </div>
  );
  const common = (key: keyof Draft) => ({
    id: `${id}-${key}`,
    'aria-invalid': errors[key] !== undefined,
    'aria-describedby': errors[key] ? `${id}-${key}-err` : undefined,
  });
  const text = (key: Exclude<keyof Draft, 'environment' | 'keyType'>, extra: Record<string, unknown> = {}) => (
    <input {...common(key)} value={draft[key]} onChange={(e) => set(key, e.target.value)} {...extra} />
  );

  return (
    <Dialog title={isEdit ? `Edit ${meta?.name ?? 'credential'}` : 'New credential'} onClose={closeDialog} className="dialog-wide">
      <form ref={formRef} onSubmit={submit} noValidate className="form-grid">
        {field('name', 'Name', text('name', { className: 'mono', placeholder: 'e.g. stripe/prod', spellCheck: false, 'data-autofocus': true, autoComplete: 'off' }))}
        {field('service', 'Service', text('service', { placeholder: 'e.g. Stripe' }))}
        <div className="field-pair">
          {field('environment', 'Environment', (
            <select {...common('environment')} value={draft.environment} onChange={(e) => set('environment', e.target.value as Environment)}>
              {ENVIRONMENTS.map((v) => <option key={v} value={v}>{v}</option>)}
            </select>
          ))}
          {field('keyType', 'Type', (
            <select {...common('keyType')} value={draft.keyType} onChange={(e) => set('keyType', e.target.value as KeyType)}>
              {KEY_TYPES.map((v) => <option key={v} value={v}>{v}</option>)}
            </select>
          ))}
        </div>
        {field('tags', 'Tags', text('tags', { placeholder: 'e.g. payments, backend' }), 'Separate with commas.')}
        {field('scopes', 'Scopes', text('scopes', { placeholder: 'e.g. read:charges, write:refunds' }), 'What this key may do. One key per purpose keeps the damage of a leak small.')}
        <div className="field-pair">
          {field('allowedIps', 'Allowed IPs', text('allowedIps', { placeholder: 'e.g. 203.0.113.0/24' }))}
          {field('allowedDomains', 'Allowed domains', text('allowedDomains', { placeholder: 'e.g. api.example.com' }))}
        </div>
        <div className="field-pair">
          {field('expires', 'Expires on', text('expires', { type: 'date' }), 'Leave empty if it never expires.')}
          {field('rotationDays', 'Rotate every (days)', text('rotationDays', { type: 'number', min: 1, max: 3650 }), 'Empty for no schedule.')}
        </div>
        {field('notes', 'Notes', <textarea {...common('notes')} rows={3} value={draft.notes} onChange={(e) => set('notes', e.target.value)} />)}
        {!isEdit && <ValueSourceFields draft={value} onChange={setValue} generated={generated} error={errors.value ?? null} />}
        <div className="dialog-actions">
          {errors.form && <p className="field-error" role="alert">{errors.form}</p>}
          {Object.keys(errors).length > 0 && !errors.form && <p className="field-error" role="alert">Fix the marked fields.</p>}
          <button type="button" onClick={closeDialog}>Cancel</button>
          <button type="submit" className="primary" disabled={busy}>{isEdit ? 'Save changes' : 'Add credential'}</button>
        </div>
      </form>
    </Dialog>
  );
}
