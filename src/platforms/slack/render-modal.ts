/**
 * Neutral ModalView → Slack `views.open` view, and a view_submission's
 * `view.state.values` back to `{ inputId: value }`.
 */
import type { InputNode, ModalView } from '../../ui/view.js';
import { SLACK_LIMITS as L, cutEscaped, escapeSlackText, mrkdwn, plain, stripInvisible } from './text.js';

type Json = Record<string, unknown>;

function inputElement(input: InputNode): Json {
  switch (input.type) {
    case 'text': {
      const el: Json = { type: 'plain_text_input', action_id: input.id, multiline: input.multiline ?? false };
      if (input.initial !== undefined && input.initial !== '') el.initial_value = stripInvisible(input.initial);
      if (input.placeholder) el.placeholder = plain(input.placeholder, L.placeholder);
      if (input.maxLength !== undefined) el.max_length = Math.min(Math.max(1, input.maxLength), L.plainTextInputMax);
      return el;
    }
    case 'number': {
      // Amounts of money need decimals; Slack requires the flag to be present.
      const el: Json = { type: 'number_input', action_id: input.id, is_decimal_allowed: true };
      if (input.initial !== undefined && input.initial !== '') el.initial_value = input.initial;
      if (input.min !== undefined) el.min_value = String(input.min);
      return el;
    }
    case 'select': {
      const options = input.options.slice(0, L.selectOptions).map((o) => ({
        text: plain(o.label, L.optionText, o.value.slice(0, L.optionText)),
        value: o.value.slice(0, L.optionValue),
      }));
      const el: Json = { type: 'static_select', action_id: input.id, options };
      const initial = options.find((o) => o.value === input.initial);
      if (initial) el.initial_option = initial;
      return el;
    }
  }
}

/**
 * A Slack modal view for `views.open` / `views.update`. `privateMetadata` (≤ 3000
 * characters, sent back with the submission) is for routing context such as a case id.
 */
export function renderModal(view: ModalView, privateMetadata?: string): Json {
  if (view.submitActionId.length > L.callbackId) throw new RangeError('submitActionId longer than 255 characters');
  if (privateMetadata !== undefined && privateMetadata.length > L.privateMetadata) {
    throw new RangeError('private_metadata longer than 3000 characters');
  }
  const blocks: Json[] = [];
  const intro = escapeSlackText(view.intro ?? '').trim();
  if (intro) blocks.push({ type: 'section', text: mrkdwn(cutEscaped(intro, L.sectionText)) });
  for (const input of view.inputs.slice(0, L.blocksPerModal - blocks.length)) {
    blocks.push({
      type: 'input',
      block_id: input.id,
      label: plain(input.label, L.inputLabel, input.id),
      optional: input.optional ?? false,
      element: inputElement(input),
    });
  }
  const modal: Json = {
    type: 'modal',
    callback_id: view.submitActionId,
    title: plain(view.title, L.modalTitle, 'SellerDesk'),
    submit: plain(view.submitLabel, L.modalButton, 'Submit'),
    close: plain('Cancel', L.modalButton),
    blocks,
  };
  if (privateMetadata !== undefined) modal.private_metadata = privateMetadata;
  return modal;
}

interface StateElement {
  type?: string;
  value?: string | null;
  selected_option?: { value?: string } | null;
  selected_date?: string | null;
  selected_time?: string | null;
  selected_user?: string | null;
  selected_conversation?: string | null;
  selected_channel?: string | null;
}

function elementValue(el: StateElement): string | null {
  switch (el.type) {
    case 'static_select':
    case 'external_select':
    case 'radio_buttons':
      return el.selected_option?.value ?? null;
    case 'datepicker':
      return el.selected_date ?? null;
    case 'timepicker':
      return el.selected_time ?? null;
    case 'users_select':
      return el.selected_user ?? null;
    case 'conversations_select':
      return el.selected_conversation ?? null;
    case 'channels_select':
      return el.selected_channel ?? null;
    default:
      return typeof el.value === 'string' ? el.value : (el.selected_option?.value ?? null);
  }
}

/**
 * `view.state.values` (`{ [block_id]: { [action_id]: element state } }`) → `{ inputId: value }`.
 * Inputs left empty (null values) are omitted.
 */
export function readModalValues(stateValues: object): Record<string, string> {
  const out: Record<string, string> = {};
  for (const block of Object.values(stateValues as Record<string, unknown>)) {
    if (!block || typeof block !== 'object') continue;
    for (const [actionId, el] of Object.entries(block as Record<string, unknown>)) {
      if (!el || typeof el !== 'object') continue;
      const value = elementValue(el as StateElement);
      if (value !== null && value !== '') out[actionId] = value;
    }
  }
  return out;
}
