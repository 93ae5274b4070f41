// JSON Schema validation of request bodies, with ajv (draft 2020-12).
//
// The schemas in ./schema/ are the stand-in's own reading of the API docs, written independently
// of the Rust validator so that each can check the other. ajv only adds one keyword of ours:
// `maxBytes`, because Instagram limits text to 1000 UTF-8 *bytes* and JSON Schema's `maxLength`
// counts characters.

import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const SCHEMA_DIR = new URL('./schema/', import.meta.url);
const SCHEMA_FILES = {
  common: 'common.schema.json',
  instagram: 'instagram-message.schema.json',
  messenger: 'messenger-message.schema.json',
  hubContent: 'hub-content.schema.json',
  whatsapp: 'whatsapp-message.schema.json',
  telegram: 'telegram-message.schema.json',
  sms: 'sms-message.schema.json',
  webchatt: 'web-chatt-message.schema.json',
  createWebhook: 'create-webhook.schema.json',
  updateWebhook: 'update-webhook.schema.json',
  retryWebhookLogs: 'retry-webhook-logs.schema.json',
};

/** Reads one schema file from ./schema/ (exported for tests and tools). */
export function loadSchema(name) {
  return JSON.parse(readFileSync(new URL(SCHEMA_FILES[name], SCHEMA_DIR), 'utf8'));
}

function createAjv() {
  // allErrors stays off: the first error of a closed, dispatched schema is the meaningful one,
  // and the stand-in reports a single message. verbose keeps `parentSchema` on errors, whose
  // `description` reads better than a regular expression. strictRequired is off because the dispatching
  // `if: {required: [...]}` tests name keys that are defined in the branch, not next to them.
  const ajv = new Ajv2020({ strict: true, strictRequired: false, allErrors: false, verbose: true });
  addFormats(ajv, ['uri']);
  ajv.addKeyword({
    keyword: 'maxBytes',
    type: 'string',
    schemaType: 'number',
    metaSchema: { type: 'integer', minimum: 0 },
    errors: true,
    validate: function maxBytes(limit, data) {
      const size = Buffer.byteLength(data, 'utf8');
      if (size <= limit) return true;
      maxBytes.errors = [{
        keyword: 'maxBytes',
        message: `must NOT have more than ${limit} UTF-8 bytes (has ${size})`,
        params: { limit, size },
      }];
      return false;
    },
  });
  ajv.addSchema(loadSchema('common'));
  ajv.addSchema(loadSchema('hubContent'));
  return ajv;
}

const ajv = createAjv();
const validators = {
  instagram: ajv.compile(loadSchema('instagram')),
  messenger: ajv.compile(loadSchema('messenger')),
  whatsapp: ajv.compile(loadSchema('whatsapp')),
  telegram: ajv.compile(loadSchema('telegram')),
  sms: ajv.compile(loadSchema('sms')),
  webchatt: ajv.compile(loadSchema('webchatt')),
  // Compiled before updateWebhook, whose properties refer to its definitions.
  createWebhook: ajv.compile(loadSchema('createWebhook')),
};
validators.updateWebhook = ajv.compile(loadSchema('updateWebhook'));
validators.retryWebhookLogs = ajv.compile(loadSchema('retryWebhookLogs'));

// Keywords that only say "a subschema failed"; the error that caused them is more useful.
const WRAPPER_KEYWORDS = new Set(['if', 'then', 'else', 'allOf', 'anyOf', 'not']);

/** Turns one ajv error into a line such as `/content/quick_replies must NOT have more than 13 items`. */
function describe(error) {
  const where = error.instancePath || '(body)';
  const { params } = error;
  switch (error.keyword) {
    case 'additionalProperties':
      return `${where} must NOT have additional property '${params.additionalProperty}'`;
    case 'required':
      return `${where} must have required property '${params.missingProperty}'`;
    case 'enum':
      return `${where} must be one of ${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `${where} must be ${JSON.stringify(params.allowedValue)}`;
    case 'pattern':
      // Patterns are unreadable in a message; the schemas describe what they stand for.
      if (error.parentSchema?.description) return `${where} must be ${error.parentSchema.description}`;
      return `${where} ${error.message}`;
    case 'minProperties':
      return `${where} must have at least ${params.limit} ${params.limit === 1 ? 'field' : 'fields'}`;
    case 'oneOf':
      return `${where} must match exactly one alternative: ${error.parentSchema?.description ?? error.message}`;
    default:
      return `${where} ${error.message}`;
  }
}

/**
 * Validates `body` against the named schema ('instagram' | 'messenger' | 'whatsapp' |
 * 'telegram' | 'sms' | 'webchatt' | 'createWebhook' |
 * 'updateWebhook' | 'retryWebhookLogs').
 * Returns `{ ok: true }` or `{ ok: false, message, errors }` (errors = raw ajv errors).
 */
export function validate(name, body) {
  const check = validators[name];
  if (!check) throw new Error(`unknown schema ${name}`);
  if (check(body)) return { ok: true };
  const errors = check.errors ?? [];
  const specific = errors.filter((e) => !WRAPPER_KEYWORDS.has(e.keyword));
  const first = specific[0] ?? errors[0];
  return { ok: false, message: first ? describe(first) : 'invalid body', errors };
}
