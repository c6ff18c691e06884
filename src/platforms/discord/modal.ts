/**
 * ModalView -> Discord modal callback data (interaction response type 9), and back.
 *
 * Inputs are wrapped in Label components (type 18), the current form: action rows in
 * modals are deprecated, and only a Label can hold a string select (type 3). discord.js
 * 14.28 parses Label submissions (ModalSubmitFields.getStringSelectValues). A select
 * with more than 25 options (Discord's maximum) falls back to a short text input whose
 * placeholder lists the allowed values; the submit handler validates the value.
 */
import type { InputNode, ModalView } from '../../ui/view.js';
import { clip, escapeDiscordText, stripInvisible } from './text.js';

export const MODAL_LIMITS = {
  title: 45,
  customId: 100,
  components: 5,
  label: 45,
  labelDescription: 100,
  placeholder: 100,
  selectPlaceholder: 150,
  selectOptions: 25,
  optionText: 100,
  inputValue: 4000,
  textDisplay: 4000,
} as const;

export interface DiscordTextInput {
  type: 4;
  custom_id: string;
  style: 1 | 2;
  required: boolean;
  value?: string;
  placeholder?: string;
  max_length?: number;
}
export interface DiscordStringSelect {
  type: 3;
  custom_id: string;
  required: boolean;
  min_values: number;
  max_values: 1;
  placeholder?: string;
  options: { label: string; value: string; default?: boolean }[];
}
export interface DiscordLabel {
  type: 18;
  label: string;
  description?: string;
  component: DiscordTextInput | DiscordStringSelect;
}
export interface DiscordTextDisplay {
  type: 10;
  content: string;
}
export interface DiscordModalData {
  custom_id: string;
  title: string;
  components: (DiscordLabel | DiscordTextDisplay)[];
}

/** Labels and placeholders are plain text on Discord: strip invisible tricks only. */
const plain = (s: string, max: number): string => clip(stripInvisible(s).replace(/\n/g, ' ').trim(), max);

function textInput(id: string, opts: Omit<DiscordTextInput, 'type' | 'custom_id'>): DiscordTextInput {
  const out: DiscordTextInput = { type: 4, custom_id: id, style: opts.style, required: opts.required };
  if (opts.value) out.value = opts.value.slice(0, opts.max_length ?? MODAL_LIMITS.inputValue);
  if (opts.placeholder) out.placeholder = plain(opts.placeholder, MODAL_LIMITS.placeholder);
  if (opts.max_length) out.max_length = Math.min(Math.max(1, opts.max_length), MODAL_LIMITS.inputValue);
  return out;
}

function renderInput(input: InputNode): DiscordLabel {
  if (input.id.length === 0 || input.id.length > MODAL_LIMITS.customId) {
    throw new Error(`modal input id must be 1-${MODAL_LIMITS.customId} characters: ${input.id.slice(0, 40)}`);
  }
  const label = plain(input.label, MODAL_LIMITS.label) || input.id.slice(0, MODAL_LIMITS.label);
  const required = !input.optional;
  switch (input.type) {
    case 'text':
      return {
        type: 18,
        label,
        component: textInput(input.id, {
          style: input.multiline ? 2 : 1,
          required,
          value: input.initial,
          placeholder: input.placeholder,
          max_length: input.maxLength,
        }),
      };
    case 'number': {
      const hint = input.min === undefined ? 'A number' : `A number, at least ${input.min}`;
      return {
        type: 18,
        label,
        description: hint,
        component: textInput(input.id, { style: 1, required, value: input.initial, placeholder: hint, max_length: 32 }),
      };
    }
    case 'select': {
      if (input.options.length === 0 || input.options.length > MODAL_LIMITS.selectOptions) {
        const allowed = input.options.map((o) => o.value).join(', ');
        return {
          type: 18,
          label,
          description: plain(`One of: ${allowed}`, MODAL_LIMITS.labelDescription),
          component: textInput(input.id, { style: 1, required, value: input.initial, placeholder: allowed, max_length: 100 }),
        };
      }
      return {
        type: 18,
        label,
        component: {
          type: 3,
          custom_id: input.id,
          required,
          min_values: required ? 1 : 0,
          max_values: 1,
          options: input.options.map((o) => ({
            label: plain(o.label, MODAL_LIMITS.optionText) || o.value.slice(0, MODAL_LIMITS.optionText),
            value: o.value.slice(0, MODAL_LIMITS.optionText),
            ...(o.value === input.initial ? { default: true } : {}),
          })),
        },
      };
    }
  }
}

export function renderModal(view: ModalView): DiscordModalData {
  if (view.submitActionId.length > MODAL_LIMITS.customId) throw new Error('modal submit id longer than 100');
  if (view.inputs.length === 0 || view.inputs.length > MODAL_LIMITS.components) {
    throw new Error(`a Discord modal holds 1-${MODAL_LIMITS.components} inputs, got ${view.inputs.length}`);
  }
  const components: DiscordModalData['components'] = [];
  // The intro is a Text Display; it takes one of the five slots, so it only fits beside four inputs.
  if (view.intro && view.inputs.length < MODAL_LIMITS.components) {
    components.push({ type: 10, content: clip(escapeDiscordText(view.intro), MODAL_LIMITS.textDisplay) });
  }
  for (const input of view.inputs) components.push(renderInput(input));
  return {
    custom_id: view.submitActionId,
    title: plain(view.title, MODAL_LIMITS.title) || 'SellerDesk',
    components,
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

function readOne(c: unknown, out: Record<string, string>): void {
  if (!isRecord(c) || typeof c.custom_id !== 'string') return;
  if (typeof c.value === 'string') out[c.custom_id] = c.value;
  else if (Array.isArray(c.values)) out[c.custom_id] = c.values.filter((v) => typeof v === 'string').join(',');
}

/**
 * A modal submit's `data.components` -> `{ inputId: value }`. Reads both Label
 * submissions (`{type: 18, component: {custom_id, value | values}}`) and the legacy
 * action-row form (`{type: 1, components: [{custom_id, value}]}`); text displays are skipped.
 */
export function readModalValues(components: object[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const top of components) {
    if (!isRecord(top)) continue;
    if (top.type === 18) readOne(top.component, out);
    else if (top.type === 1 && Array.isArray(top.components)) for (const c of top.components) readOne(c, out);
  }
  return out;
}
